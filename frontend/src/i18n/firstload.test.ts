// The Dutch of the first load (nl.json) must hold every word the first load shows: nl.screens.json
// comes only with a screen opened later (messages.ts, app.tsx's `screen`). This follows the imports
// from main.tsx as the bundler does (static imports, plus the cards Today loads itself) and fails when
// one of those files names a key of a namespace that lives in nl.screens.json.
import { describe, expect, it } from 'vitest';
import nlScreens from './nl.screens.json';

// Every source file of the app, by its path from src/ ("rhythm/TodayPage.tsx").
const SOURCES: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  ).map(([path, source]) => [path.slice('../'.length), source]),
);
const STATIC_IMPORT = /^\s*import\s+(?!type\b)(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;
const EXPORT_FROM = /^\s*export\s+(?!type\b)[^'"]*?\s+from\s+['"](\.[^'"]+)['"]/gm;
// Today's side cards load in the same moment as Today (components/lazyCard.ts): part of the first load.
const TODAY_CARD = /lazyCard\(\s*\(\)\s*=>\s*import\(\s*['"](\.[^'"]+)['"]/g;

function file(from: string, spec: string): string | null {
  const parts = from.split('/').slice(0, -1);
  for (const part of spec.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const base = parts.join('/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) {
    if (candidate in SOURCES) return candidate;
  }
  return null; // JSON and CSS
}

function firstLoad(): Set<string> {
  const seen = new Set<string>();
  const todo = ['main.tsx'];
  while (todo.length) {
    const path = todo.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const source = SOURCES[path];
    for (const pattern of [STATIC_IMPORT, EXPORT_FROM, TODAY_CARD]) {
      for (const match of source.matchAll(pattern)) {
        const next = file(path, match[1]);
        if (next) todo.push(next);
      }
    }
  }
  return seen;
}

describe('the first load', () => {
  const files = firstLoad();

  it('is found (Today and the shell, not the other screens)', () => {
    const names = [...files];
    expect(names).toContain('rhythm/TodayPage.tsx');
    expect(names).toContain('components/AppShell.tsx');
    expect(names).toContain('push/offer.tsx');
    expect(names).not.toContain('admin/PeoplePage.tsx');
    expect(names).not.toContain('wins/WinsPage.tsx');
  });

  it('names no key whose Dutch comes only with a later screen', () => {
    const later = new Set(Object.keys(nlScreens).map((key) => key.split('.')[0]));
    const found: string[] = [];
    for (const path of files) {
      const source = SOURCES[path];
      for (const match of source.matchAll(/['"`]([a-z][a-zA-Z]*)\.[a-zA-Z0-9_$]/g)) {
        if (later.has(match[1])) found.push(`${path}: ${match[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
