// Challenges: time-boxed contests on rhythm (/challenges, /challenges/{id}, /challenges/today).
// Teams compete on the average of their members' consistency; personal best ranks nobody; together adds up.

export type ChallengeKind = 'team' | 'personal_best' | 'together';
export type ChallengeStatus = 'upcoming' | 'running' | 'frozen' | 'closing' | 'closed' | 'cancelled';

export interface ChallengeTeam {
  team_id: number;
  name: string;
  rank: number | null;
  score: number | null;
  reached_at: string | null;
  counted: number;
  members: number;
  is_mine: boolean;
}

export interface ChallengeMine {
  consistency: number | null;
  done: number;
  late: number;
  baseline: number | null;
  beat: boolean;
  teams: { team_id: number; score: number | null }[];
}

export interface Challenge {
  id: number;
  kind: ChallengeKind;
  title: string;
  starts_on: string;
  ends_on: string;
  starts_at: string;
  ends_at: string;
  target: number | null;
  team_ids: number[];
  status: ChallengeStatus;
  frozen: boolean;
  seconds_left: number | null;
  cancel_reason: string | null;
  behaviours: { id: number; name: string; icon: string }[];
  teams: ChallengeTeam[];
  me: ChallengeMine | null;
  together: { total: number; target: number; percent: number; contributions: { team_id: number; name: string; done: number }[] } | null;
  celebrated: { count: number; names: string[] } | null;
  people_hidden: boolean;
  can_change: boolean;
  created_by: string | null;
}

export interface ChallengeList {
  current: Challenge[];
  past: Challenge[];
  can_create: boolean;
}

export interface ChallengeOptions {
  teams: { id: number; name: string }[];
  behaviours: { id: number; name: string; icon: string }[];
  today: string;
}

export interface NewChallenge {
  kind: ChallengeKind;
  title: string;
  starts_on: string;
  ends_on: string;
  behaviour_ids: number[];
  team_ids: number[];
  target?: number | null;
}

/** Time left as days, hours or minutes: the largest unit that is at least one. */
export function timeLeft(seconds: number): { unit: 'days' | 'hours' | 'minutes'; count: number } {
  if (seconds >= 86400) return { unit: 'days', count: Math.floor(seconds / 86400) };
  if (seconds >= 3600) return { unit: 'hours', count: Math.floor(seconds / 3600) };
  return { unit: 'minutes', count: Math.max(1, Math.ceil(seconds / 60)) };
}

/** An ISO date `days` after another (local calendar arithmetic, no time zones involved). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** My team's place in a team challenge: the best-placed of my teams. */
export function myTeam(challenge: Challenge): ChallengeTeam | null {
  return challenge.teams.find((team) => team.is_mine) ?? null;
}

// Duels: an opt-in contest of two (/duels). Only the two see it unless both agree to show it.
export type DuelStatus = 'invited' | 'declined' | 'withdrawn' | 'lapsed' | 'upcoming' | 'running' | 'closed';

export interface DuelScore {
  user_id: number;
  name: string;
  consistency: number | null;
  done: number;
}

export interface Duel {
  id: number;
  status: DuelStatus;
  role: 'challenger' | 'opponent' | null;
  challenger: { id: number; name: string };
  opponent: { id: number; name: string };
  starts_on: string;
  ends_on: string;
  seconds_left: number | null;
  scores: DuelScore[];
  winner_id: number | null;
  leader_id: number | null;
  my_share: boolean | null;
  public: boolean;
}

export interface DuelList {
  mine: Duel[];
  public: Duel[];
}

export interface DuelOptions {
  people: { id: number; name: string }[];
  can_invite: boolean;
  today: string;
  min_days: number;
  max_days: number;
}

/** The other one of my duel (a colleague's duel: the opponent). */
export function otherOf(duel: Duel): { id: number; name: string } {
  return duel.role === 'opponent' ? duel.challenger : duel.opponent;
}
