// Types and calls of the recognition API (/wins, /awards, /badges, /nominations, /feed, …).
import { api, ApiError } from '../api';
import { enqueue, localDate, newClientId, type QueueEntry } from '../offline/queue';
import { registerBackgroundSync } from '../offline/sync';

export interface PersonRef {
  id: number;
  name: string;
}

export const IMPACT_AREAS = ['sales', 'finance', 'customer_service', 'product', 'operations', 'hr', 'other'] as const;
export type ImpactArea = (typeof IMPACT_AREAS)[number];

export interface Win {
  id: number;
  client_id: string;
  text: string;
  customer: string | null;
  impact_area: ImpactArea;
  evidence: string | null;
  author: PersonRef;
  credited: PersonRef[];
  created_at: string;
  updated_at: string | null;
  editable_until: string;
  can_edit: boolean;
  can_hide: boolean;
  can_confirm: boolean;
  hidden: boolean;
  hidden_by: PersonRef | null;
  confirmed: boolean;
  confirmed_at: string | null;
  confirmed_by: PersonRef | null;
  applause_count: number;
  applauded_by_me: boolean;
  applauded_by: PersonRef[];
}

export interface BadgeRef {
  id: number;
  name: string;
  description: string;
  emoji: string;
  kind: 'manual' | 'automatic';
}

export interface Badge extends BadgeRef {
  criterion: string | null;
  criterion_text: string | null;
  archived: boolean;
}

export interface Award {
  id: number;
  badge: BadgeRef;
  user: PersonRef;
  awarded_by: PersonRef | null;
  automatic: boolean;
  reason: string;
  checkin_id: number | null;
  win_id: number | null;
  created_at: string;
  applause_count: number;
  applauded_by_me: boolean;
  applauded_by: PersonRef[];
}

export interface FeedItem {
  id: number;
  kind: 'win' | 'award' | 'milestone' | 'team_goal';
  created_at: string;
  person: PersonRef | null;
  win: Win | null;
  award: Award | null;
  milestone: { count: number; unit: 'day' | 'week'; behaviour: { id: number; name: string; icon: string } | null } | null;
  team_goal: { team: { id: number; name: string }; title: string | null } | null;
}

export interface FeedPage {
  items: FeedItem[];
  next_cursor: string | null;
}

export interface Nomination {
  id: number;
  badge: BadgeRef;
  nominee: PersonRef;
  nominated_by: PersonRef | null;
  reason: string;
  status: 'pending' | 'approved' | 'declined';
  created_at: string;
  can_decide: boolean;
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

export interface WinBody {
  client_id: string;
  text: string;
  customer?: string;
  impact_area?: ImpactArea;
  evidence?: string;
  credited_ids?: number[];
}

export function feedPath(options: { teamId?: number | null; mine?: boolean; cursor?: string | null }): string {
  const query = new URLSearchParams();
  if (options.teamId) query.set('team_id', String(options.teamId));
  if (options.mine) query.set('mine', 'true');
  if (options.cursor) query.set('cursor', options.cursor);
  const text = query.toString();
  return `/feed${text ? `?${text}` : ''}`;
}

/**
 * Log a win. Online it is posted at once; when the network fails it goes into the shared offline
 * queue under the same client_id, so the replay is idempotent and the win is never lost.
 * Answers the stored win, or null when it was queued.
 */
export async function logWin(body: Omit<WinBody, 'client_id'>, options: { locale: string; timeZone: string }): Promise<Win | null> {
  const full: WinBody = { client_id: newClientId(), ...body };
  try {
    return await api.post<Win>('/wins', full);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 0) throw error;
    const now = new Date();
    // The queue was built for check-ins: a win rides along with path /wins and no behaviour.
    const entry = {
      client_id: full.client_id,
      method: 'POST',
      path: '/wins',
      body: full,
      behaviour_id: 0,
      behaviour_name: full.text.slice(0, 60),
      occurred_on: localDate(now, options.timeZone),
      status: 'pending',
      attempts: 0,
      queued_at: now.toISOString(),
      locale: options.locale,
    } as unknown as QueueEntry;
    await enqueue(entry);
    void registerBackgroundSync();
    return null;
  }
}

/** Wins still waiting in the offline queue. */
export function isQueuedWin(entry: QueueEntry): boolean {
  return entry.path === '/wins';
}
