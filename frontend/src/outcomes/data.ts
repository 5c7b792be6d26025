// Outcomes and "Wat werkt" (/outcomes/measures, /outcomes/values, /outcomes/what-works): a team's
// high- and low-rhythm weeks compared on its outcomes, with the interval and the number of weeks.
import { api } from '../api/client';

export interface Measure {
  id: number;
  name_nl: string;
  name_en: string;
}

export interface Comparison {
  weeks: number;
  high_weeks: number;
  low_weeks: number;
  threshold: number | null;
  high_mean: number | null;
  low_mean: number | null;
  difference: number | null;
  ci_low: number | null;
  ci_high: number | null;
  shown: boolean;
  reason: 'too_few_weeks' | 'no_variation' | null;
}

export interface WhatWorksRow {
  behaviour_id: number;
  behaviour_name: string;
  outcome_kind: 'measure' | 'voice_score' | 'confirmed_wins';
  outcome_id: number | null;
  outcome_name: string;
  comparison: Comparison;
}

export interface WhatWorks {
  team: { id: number; name: string };
  since: string;
  until: string;
  window: number;
  confidence: number;
  min_weeks: number;
  min_per_group: number;
  caveat: string;
  rows: WhatWorksRow[];
}

export const WINDOWS = [12, 26] as const;

export function loadWhatWorks(teamId: number, weeks: number): Promise<WhatWorks> {
  return api.get<WhatWorks>(`/outcomes/what-works?team_id=${teamId}&weeks=${weeks}`);
}

export function loadMeasures(): Promise<Measure[]> {
  return api.get<Measure[]>('/outcomes/measures');
}

export function recordValue(body: { measure_id: number; team_id: number; week_start: string; value: number }): Promise<unknown> {
  return api.put('/outcomes/values', body);
}

export function createMeasure(body: { name_nl: string; name_en?: string }): Promise<Measure> {
  return api.post<Measure>('/outcomes/measures', body);
}

/** Rows grouped by behaviour, in the server's order. */
export function byBehaviour(rows: WhatWorksRow[]): { id: number; name: string; rows: WhatWorksRow[] }[] {
  const groups: { id: number; name: string; rows: WhatWorksRow[] }[] = [];
  for (const row of rows) {
    let group = groups.find((g) => g.id === row.behaviour_id);
    if (!group) {
      group = { id: row.behaviour_id, name: row.behaviour_name, rows: [] };
      groups.push(group);
    }
    group.rows.push(row);
  }
  return groups;
}

/** The Monday of the ISO week before the one of `today` (YYYY-MM-DD), for the entry form's default. */
export function lastMonday(today: Date): string {
  const day = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  day.setUTCDate(day.getUTCDate() - weekday - 7);
  return day.toISOString().slice(0, 10);
}
