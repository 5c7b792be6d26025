// The energy pulse (/energy…): one private answer a week, one's own trend, and the team view, which
// only ever holds aggregates of closed weeks that passed the threshold and the differencing guard.
import { api } from '../api/client';

export const FACTORS = ['workload', 'customer_contact', 'team', 'meetings', 'outside_work'] as const;
export type Factor = (typeof FACTORS)[number];
export const LEVELS = [1, 2, 3, 4, 5] as const;

export interface EnergyAnswer {
  week_start: string;
  level: number;
  gave: Factor[];
  cost: Factor[];
}

export interface EnergyCurrent {
  enabled: boolean;
  week_start: string;
  factors: Factor[];
  answer: EnergyAnswer | null;
}

export interface WeekFigure {
  week_start: string;
  shown: boolean;
  respondents: number | null;
  average: number | null;
  gave: Record<Factor, number> | null;
  cost: Record<Factor, number> | null;
}

export interface EnergyGroup {
  scope: 'organisation' | 'department' | 'team';
  key: string;
  name: string;
  kind: string | null;
  weeks: WeekFigure[];
}

export interface TeamView {
  enabled: boolean;
  threshold: number;
  weeks: string[];
  groups: EnergyGroup[];
}

export interface EnergySettings {
  enabled: boolean;
  threshold: number;
  minimum_threshold: number;
}

export const getCurrent = () => api.get<EnergyCurrent>('/energy/current');
export const getMine = () => api.get<{ weeks: EnergyAnswer[] }>('/energy/mine');
export const getTeams = () => api.get<TeamView>('/energy/teams');
export const saveAnswer = (answer: Omit<EnergyAnswer, 'week_start'>) => api.put<EnergyAnswer>('/energy/current', answer);
export const withdrawAnswer = () => api.delete('/energy/current');
export const getSettings = () => api.get<EnergySettings>('/energy/settings');
export const saveSettings = (changes: Partial<Pick<EnergySettings, 'enabled' | 'threshold'>>) =>
  api.patch<EnergySettings>('/energy/settings', changes);

/** Toggle a factor in a list, keeping the fixed order. */
export function toggled(list: Factor[], factor: Factor): Factor[] {
  const next = new Set(list);
  if (next.has(factor)) next.delete(factor);
  else next.add(factor);
  return FACTORS.filter((f) => next.has(f));
}

/** The most picked factors of a shown week (ties in the fixed order), at most three, never a zero. */
export function topFactors(counts: Record<Factor, number> | null, limit = 3): Factor[] {
  if (!counts) return [];
  return FACTORS.filter((f) => (counts[f] ?? 0) > 0)
    .sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))
    .slice(0, limit);
}

/** The ISO week number of a Monday given as YYYY-MM-DD. */
export function isoWeek(monday: string): number {
  const [y, m, d] = monday.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const thursday = new Date(date.getTime() + 3 * 86400000);
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86400000;
  return 1 + Math.round((date.getTime() - firstMonday) / (7 * 86400000));
}

// The weekly prompt on Today can be switched off (issue 18: one gentle prompt, switchable). It is a wish about
// this person's own screen, kept per person in this browser like the passkey offer's answer.
const PROMPT_OFF = (personId: number) => `ritme.energy.prompt_off.${personId}`;

export function promptWanted(personId: number): boolean {
  try {
    return localStorage.getItem(PROMPT_OFF(personId)) !== '1';
  } catch {
    return true; // storage refused (private mode): ask, as before
  }
}

export function setPromptWanted(personId: number, wanted: boolean): void {
  try {
    if (wanted) localStorage.removeItem(PROMPT_OFF(personId));
    else localStorage.setItem(PROMPT_OFF(personId), '1');
  } catch {
    // storage refused: nothing to remember
  }
}
