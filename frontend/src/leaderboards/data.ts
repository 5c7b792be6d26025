// Leaderboards: people and teams ranked by points or consistency (GET /leaderboards), and the
// organisation's board visibility (the one declaration of Visibility; admin sets it).

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
