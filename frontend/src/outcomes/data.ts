// Outcomes and "Wat werkt" (/outcomes/measures, /outcomes/values, /outcomes/what-works): a team's
// high- and low-rhythm weeks compared on its outcomes, with the interval and the number of weeks.
import { api } from '../api/client';

export const COMBINE = ['sum', 'average'] as const;
export type Combine = (typeof COMBINE)[number];

export interface Measure {
  id: number;
  name_nl: string;
  name_en: string;
  /** How the members' person figures make the team's week. */
  combine: Combine;
}

/** One of my own figures: only ever answered to me. */
export interface MyFigure {
  measure_id: number;
  measure_name: string;
  week_start: string;
  value: number;
  source: 'manual' | 'import' | 'crm';
}

export interface TeamMember {
  id: number;
  name: string;
  manages: boolean;
  active: boolean;
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
  team: { id: number; name: string } | null;
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

export function createMeasure(body: { name_nl: string; name_en?: string; combine?: Combine }): Promise<Measure> {
  return api.post<Measure>('/outcomes/measures', body);
}

export function updateMeasure(id: number, body: { combine: Combine }): Promise<Measure> {
  return api.patch<Measure>(`/outcomes/measures/${id}`, body);
}

/** A team member's figure: the answer says it was saved, never the figure. */
export function recordPersonValue(body: { measure_id: number; user_id: number; week_start: string; value: number }): Promise<unknown> {
  return api.put('/outcomes/person-values', body);
}

export function loadMine(): Promise<MyFigure[]> {
  return api.get<MyFigure[]>('/outcomes/mine');
}

export function loadMyWhatWorks(weeks: number): Promise<WhatWorks> {
  return api.get<WhatWorks>(`/outcomes/mine/what-works?weeks=${weeks}`);
}

export function loadMembers(teamId: number): Promise<TeamMember[]> {
  return api.get<TeamMember[]>(`/teams/${teamId}/members`);
}

/** My figures grouped per week, newest first (the server's order), each week's figures in measure order. */
export function byWeek(figures: MyFigure[]): { week: string; figures: MyFigure[] }[] {
  const weeks: { week: string; figures: MyFigure[] }[] = [];
  for (const figure of figures) {
    const last = weeks[weeks.length - 1];
    if (last && last.week === figure.week_start) last.figures.push(figure);
    else weeks.push({ week: figure.week_start, figures: [figure] });
  }
  return weeks;
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
