// Wins: customer wins with their credits and confirmation, and applause for a win or a badge
// award (/wins, /wins/{id}/applause, /awards/{id}/applause). Logging a win and applause are
// writes of the offline queue, each idempotent by its client_id.
import type { PersonRef } from '../accounts/data';
import { newClientId, type QueueEntry, type QueueRequest, type Refusal } from '../offline/queue';
import { answerOf, submit, submitTakeBack } from '../offline/sync';

export const IMPACT_AREAS = ['sales', 'finance', 'customer_service', 'product', 'operations', 'hr', 'other'] as const;
export type ImpactArea = (typeof IMPACT_AREAS)[number];

/** A new win's impact area: the first of the author's teams' kinds that is one, else 'other'. */
export function defaultImpact(kinds: string[]): ImpactArea {
  const known = kinds.find((kind) => (IMPACT_AREAS as readonly string[]).includes(kind));
  return (known as ImpactArea | undefined) ?? 'other';
}

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

export const WIN = 'win';
export const APPLAUSE = 'applause';
export const APPLAUSE_WITHDRAW = 'applause.withdraw';

/** The queue's kinds that are this domain's: the Wins screen shows them (waiting or refused). */
export function isWinsKind(kind: string): boolean {
  return kind === WIN || kind === APPLAUSE || kind === APPLAUSE_WITHDRAW;
}

export interface WinMeta {
  /** The start of the win's text, to name it while it waits or when it is refused. */
  text: string;
}

export interface ApplauseMeta {
  /** `/wins/12` or `/awards/3` */
  target: string;
}

export function isQueuedWin(entry: QueueEntry | Refusal): entry is QueueEntry<WinMeta> | Refusal<WinMeta> {
  return entry.kind === WIN;
}

export function winRequest(body: WinBody, locale?: string): QueueRequest<WinMeta> {
  return { kind: WIN, client_id: body.client_id, method: 'POST', path: '/wins', body, meta: { text: body.text.slice(0, 60) }, locale };
}

/**
 * Log a win through the offline queue: sent at once when online, kept under the same client_id
 * when not (the replay is idempotent, the win never lost). Answers the stored win, or null when
 * it was queued; a refusal throws like a direct request, for the form to show.
 */
export async function logWin(body: Omit<WinBody, 'client_id'>, options: { locale: string }): Promise<Win | null> {
  return answerOf<Win>(await submit(winRequest({ client_id: newClientId(), ...body }, options.locale)));
}

function applauseRequest(kind: string, method: 'POST' | 'DELETE', target: string, locale: string): QueueRequest<ApplauseMeta> {
  // One target's applause and withdrawals go out in the order they were tapped.
  return { kind, client_id: newClientId(), method, path: `${target}/applause`, key: `applause:${target}`, meta: { target }, locale };
}

/** Applaud a win or award (`target` is `/wins/12` or `/awards/3`): the updated target, or null when queued. */
export async function applaud<T>(target: string, locale: string): Promise<{ clientId: string; updated: T | null }> {
  const request = applauseRequest(APPLAUSE, 'POST', target, locale);
  return { clientId: request.client_id, updated: await answerOf<T>(await submit(request)) };
}

/**
 * Take applause back. Still waiting on this device (`pending` is its client_id): it simply never
 * goes. Otherwise the withdrawal goes through the queue like the applause did. The answer is the
 * updated target, or null when it was not sent now.
 */
export async function withdrawApplause<T>(target: string, pending: string | null, locale: string): Promise<T | null> {
  const request = applauseRequest(APPLAUSE_WITHDRAW, 'DELETE', target, locale);
  if (pending) {
    await submitTakeBack(pending, request);
    return null;
  }
  return answerOf<T>(await submit(request));
}
