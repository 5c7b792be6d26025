// The privacy page (docs/privacy.md, bundled into this lazy screen): what Ritme stores, who sees what, and
// the energy pulse's rules — linked from Beheer → Organisatie before an admin turns the pulse on.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { usePageTitle } from '../i18n/context';
import text from '../../../docs/privacy.md?raw';
import './energy.css';

function inline(line: string): ComponentChildren[] {
  // **bold**, `code` and [text](link) (the link's text only: the docs' links point into the repository).
  return line
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`)/g)
    .filter(Boolean)
    .map((part, i) => {
      if (part.startsWith('**')) return <strong key={i}>{part.slice(2, -2)}</strong>;
      if (part.startsWith('*') && part.length > 2) return <em key={i}>{part.slice(1, -1)}</em>;
      if (part.startsWith('`')) return <code key={i}>{part.slice(1, -1)}</code>;
      return part;
    });
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function render(markdown: string): ComponentChildren[] {
  const blocks = markdown.split(/\n\s*\n/);
  return blocks.map((block, i) => {
    const lines = block.split('\n');
    const first = lines[0];
    if (first.startsWith('#')) {
      const level = Math.min(first.match(/^#+/)![0].length, 3);
      const title = first.replace(/^#+\s*/, '');
      const Heading = (`h${level}`) as 'h1' | 'h2' | 'h3';
      return (
        <Heading key={i} id={slug(title)} tabIndex={level === 1 ? -1 : undefined} class={level === 1 ? 'page-head__title' : 'privacy-doc__heading'}>
          {inline(title)}
        </Heading>
      );
    }
    if (first.startsWith('|')) {
      const rows = lines.filter((l) => l.startsWith('|') && !/^\|[\s:|-]+\|$/.test(l)).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
      const [head, ...body] = rows;
      return (
        <div key={i} class="privacy-doc__table">
          <table>
            <thead>
              <tr>{head.map((c, j) => <th key={j} scope="col">{inline(c)}</th>)}</tr>
            </thead>
            <tbody>
              {body.map((row, r) => (
                <tr key={r}>{row.map((c, j) => <td key={j}>{inline(c)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    if (/^([*-]|\d+\.) /.test(first)) {
      const items = block.split(/\n(?=(?:[*-]|\d+\.) )/).map((item) => item.replace(/^([*-]|\d+\.) /, '').replace(/\n\s*/g, ' '));
      const List = /^\d/.test(first) ? 'ol' : 'ul';
      return (
        <List key={i}>
          {items.map((item, j) => <li key={j}>{inline(item)}</li>)}
        </List>
      );
    }
    return <p key={i}>{inline(lines.join(' '))}</p>;
  });
}

export function PrivacyPage() {
  usePageTitle('energy.privacy_title');
  // ?section=energy rather than #energy: the router matches the path with its hash.
  const { query } = useLocation();
  useEffect(() => {
    const target = query.section && document.getElementById(query.section);
    if (target) target.scrollIntoView();
  }, [query.section]);
  return <article class="privacy-doc">{render(text)}</article>;
}
