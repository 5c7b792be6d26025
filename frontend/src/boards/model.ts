// The boards API's shapes (backend/boards/schemas.py).

export type Scope = 'people' | 'teams';
export type Period = 'week' | 'month' | 'quarter' | 'all';
export type Metric = 'points' | 'consistency';
export type Movement = 'up' | 'down' | 'same' | 'new' | null;
export type Visibility = 'open' | 'teams_first' | 'private';

export interface BoardRow {
  rank: number | null;
  value: number | null;
  name: string | null;
  user_id: number | null;
  team_id: number | null;
  anonymous: boolean;
  is_me: boolean;
  movement: Movement;
  previous_rank: number | null;
  members: number | null;
}

export interface Leaderboard {
  scope: Scope;
  period: Period;
  metric: Metric;
  starts_on: string;
  ends_on: string | null;
  visibility: Visibility;
  top_only: boolean;
  people_hidden: boolean;
  offset: number;
  limit: number;
  has_more: boolean;
  rows: BoardRow[];
  me: BoardRow | null;
}

export type GoalKind = 'rhythm_share' | 'customer_facing_checkins';

export interface TeamGoal {
  id: number;
  team_id: number;
  team_name: string;
  period: Exclude<Period, 'all'>;
  starts_on: string;
  ends_on: string;
  kind: GoalKind;
  target: number;
  value: number;
  done: number;
  due: number | null;
  percent: number;
  reached: boolean;
  reached_at: string | null;
  finished: boolean;
}

export interface BoardSummary {
  goals: TeamGoal[];
  visibility: Visibility;
  board_opt_in: boolean;
  top_only: boolean;
}

export interface TrendWeek {
  week_start: string;
  week: string;
  checkins: number;
  customer_facing: number;
  share: number | null;
}

export type CellState = 'done' | 'missed' | 'due' | 'away' | 'rest';
export type GridDayState = 'done' | 'missed' | 'due' | 'away' | 'rest' | 'future';

export interface GridMember {
  user_id: number;
  name: string;
  consistency: number | null;
  trend: (number | null)[];
  slipping: boolean;
  away: { date: string; kind: string | null }[];
  cells: { behaviour_id: number; state: CellState; done: number; target: number; days: GridDayState[] }[];
}

export interface RhythmGrid {
  team: { id: number; name: string };
  week: string;
  starts_on: string;
  ends_on: string;
  previous_week: string;
  next_week: string | null;
  days: string[];
  behaviours: { id: number; name: string; icon: string; cadence: string; customer_facing: boolean }[];
  members: GridMember[];
}
