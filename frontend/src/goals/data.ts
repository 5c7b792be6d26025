// Team goals: a team's target for the week, month or quarter and how far it is (/boards/summary,
// /teams/{id}/goal).
import type { Period, Visibility } from '../leaderboards/data';

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
  /** The standard's words when the team agreed on it together (the thermostat), else null. */
  title: string | null;
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
