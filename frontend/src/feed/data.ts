// The celebration feed and what hangs off it: notifications, colleagues, a person's recognition
// profile and the manager's coverage view (/feed, /notifications, /colleagues, /people/…, /recognition/coverage).
import { api } from '../api/client';
import type { PersonRef } from '../accounts/data';
import type { Award } from '../badges/data';
import type { Win } from '../wins/data';

export interface FeedItem {
  id: number;
  kind: 'win' | 'award' | 'milestone' | 'team_goal' | 'challenge';
  created_at: string;
  person: PersonRef | null;
  win: Win | null;
  award: Award | null;
  milestone: { count: number; unit: 'day' | 'week'; behaviour: { id: number; name: string; icon: string } | null } | null;
  team_goal: { team: { id: number; name: string }; title: string | null } | null;
  challenge?: {
    id: number;
    kind: 'team' | 'personal_best' | 'together';
    title: string;
    winner: string | null;
    celebrated: number;
    total: number;
    target: number | null;
  } | null;
}

export interface FeedPage {
  items: FeedItem[];
  next_cursor: string | null;
}

export interface Colleague {
  id: number;
  name: string;
  role: string;
  teams: { id: number; name: string; kind: string; manages: boolean }[];
}

export interface StreakRecord {
  behaviour_id: number;
  name: string;
  icon: string;
  current: number;
  longest: number;
  unit: 'day' | 'week';
}

export interface Profile {
  person: { id: number; name: string; role: string; teams: { id: number; name: string }[] };
  badges: Award[];
  wins: Win[];
  streaks: StreakRecord[] | null;
  counts: { wins: number; credited_wins: number; confirmed_wins: number; applause_received: number; badges: number };
}

export interface CoveragePerson {
  id: number;
  name: string;
  role: string;
  teams: string[];
  received_30: number;
  received_90: number;
  last_recognised_at: string | null;
}

export interface CoverageTeam {
  id: number;
  name: string;
  kind: string;
  members: number;
  recognised_30: number;
  recognised_90: number;
  share_30: number | null;
  share_90: number | null;
}

export interface Coverage {
  people: CoveragePerson[];
  unrecognised_30: CoveragePerson[];
  unrecognised_90: CoveragePerson[];
  teams: CoverageTeam[];
}

export function feedPath(options: { teamId?: number | null; mine?: boolean; cursor?: string | null }): string {
  const query = new URLSearchParams();
  if (options.teamId) query.set('team_id', String(options.teamId));
  if (options.mine) query.set('mine', 'true');
  if (options.cursor) query.set('cursor', options.cursor);
  const text = query.toString();
  return `/feed${text ? `?${text}` : ''}`;
}

let colleaguesCache: Promise<Colleague[]> | null = null;

/** Everyone in the organisation, fetched once per visit. */
export function loadColleagues(): Promise<Colleague[]> {
  if (!colleaguesCache) {
    colleaguesCache = api.get<Colleague[]>('/colleagues').catch((error: unknown) => {
      colleaguesCache = null;
      throw error;
    });
  }
  return colleaguesCache;
}
