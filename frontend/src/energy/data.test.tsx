import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import privacy from '../../../docs/privacy.md?raw';
import { isoWeek, toggled, topFactors } from './data';
import { render } from './PrivacyPage';

describe('energy data', () => {
  it('numbers ISO weeks across a year end', () => {
    expect(isoWeek('2026-12-28')).toBe(53);
    expect(isoWeek('2027-01-04')).toBe(1);
    expect(isoWeek('2026-11-30')).toBe(49);
  });

  it('toggles factors in the fixed order', () => {
    expect(toggled(['meetings'], 'workload')).toEqual(['workload', 'meetings']);
    expect(toggled(['workload', 'meetings'], 'workload')).toEqual(['meetings']);
  });

  it('names the most picked factors, never one nobody picked', () => {
    const counts = { workload: 3, customer_contact: 0, team: 5, meetings: 3, outside_work: 1 };
    expect(topFactors(counts)).toEqual(['team', 'workload', 'meetings']);
    expect(topFactors({ workload: 0, customer_contact: 0, team: 0, meetings: 0, outside_work: 0 })).toEqual([]);
    expect(topFactors(null)).toEqual([]);
  });

  it('renders the privacy page with its energy section and tables', () => {
    const html = renderToString(<article>{render(privacy)}</article>);
    expect(html).toContain('id="energy"');
    expect(html).toContain('<table>');
    expect(html).toContain('<strong>5 by default, may be raised, never lowered below 5</strong>');
    expect(html).toContain('<ol><li>the <strong>week has ended</strong>');
    expect(html).toContain('<em>cells</em>');
  });
});
