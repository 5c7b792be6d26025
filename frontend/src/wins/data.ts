// Types and calls of the recognition API (/wins, /awards, /badges, /nominations, /feed, …).
import { api, ApiError } from '../api/client';
import { enqueue, localDate, newClientId, type QueueEntry } from '../offline/queue';
import { registerBackgroundSync } from '../offline/sync';
import type { PersonRef } from '../accounts/data';

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

export interface WinBody {
  client_id: string;
  text: string;
  customer?: string;
  impact_area?: ImpactArea;
  evidence?: string;
  credited_ids?: number[];
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
