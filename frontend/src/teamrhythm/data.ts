// Team rhythm: the manager's grid of who did what this week (/teams/{id}/rhythm-grid) and the
// customer-facing trend (/teams/{id}/customer-facing).

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
  cells: {
    behaviour_id: number;
    state: CellState;
    done: number;
    target: number;
    days: GridDayState[];
    /** Per day: a connected system (the CRM) checked it in. */
    crm: boolean[];
  }[];
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

/** Leading by example (/teams/{id}/leaders): the team's managers and their own coaching rhythm. */
export interface LeaderBehaviour {
  id: number;
  name: string;
  icon: string;
  cadence: string;
  times_per_week: number | null;
  streak: number;
  unit: 'day' | 'week';
  week_done: number;
  consistency: number;
}

export interface Leader {
  user_id: number;
  name: string;
  consistency: number | null;
  behaviours: LeaderBehaviour[];
}

export interface LeadingByExample {
  /** False when the organisation turned leading by example off: the card stays away. */
  shown: boolean;
  leaders: Leader[];
}
