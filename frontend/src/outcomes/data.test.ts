import { describe, expect, it } from 'vitest';
import { byBehaviour, byWeek, lastMonday, type MyFigure, type WhatWorksRow } from './data';

const comparison = { weeks: 0, high_weeks: 0, low_weeks: 0, threshold: null, high_mean: null, low_mean: null, difference: null, ci_low: null, ci_high: null, shown: false, reason: 'too_few_weeks' as const };

describe('what works data', () => {
  it('groups rows by behaviour in order', () => {
    const rows: WhatWorksRow[] = [
      { behaviour_id: 2, behaviour_name: 'B', outcome_kind: 'measure', outcome_id: 1, outcome_name: 'X', comparison },
      { behaviour_id: 2, behaviour_name: 'B', outcome_kind: 'voice_score', outcome_id: null, outcome_name: 'V', comparison },
      { behaviour_id: 1, behaviour_name: 'A', outcome_kind: 'measure', outcome_id: 1, outcome_name: 'X', comparison },
    ];
    expect(byBehaviour(rows).map((g) => [g.id, g.rows.length])).toEqual([
      [2, 2],
      [1, 1],
    ]);
  });

  it("gives last week's Monday for any day", () => {
    expect(lastMonday(new Date(2026, 11, 2))).toBe('2026-11-23'); // a Wednesday
    expect(lastMonday(new Date(2026, 10, 30))).toBe('2026-11-23'); // a Monday
    expect(lastMonday(new Date(2026, 11, 6))).toBe('2026-11-23'); // a Sunday
    expect(lastMonday(new Date(2027, 0, 3))).toBe('2026-12-21'); // across the year
  });

  it('groups my figures per week, newest first, keeping the server order', () => {
    const figure = (week: string, measure: number, value: number): MyFigure => ({ measure_id: measure, measure_name: `M${measure}`, week_start: week, value, source: 'manual' });
    const groups = byWeek([figure('2026-11-23', 1, 3), figure('2026-11-23', 2, 0.5), figure('2026-11-16', 1, 2)]);
    expect(groups.map((g) => [g.week, g.figures.map((f) => f.value)])).toEqual([
      ['2026-11-23', [3, 0.5]],
      ['2026-11-16', [2]],
    ]);
  });
});
