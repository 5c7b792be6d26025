// Version 1 of the queue's IndexedDB store held check-ins and their undos only (and, squeezed in,
// wins with `behaviour_id: 0`). A phone that updates with such entries still sends them: the
// upgrade to version 2 converts each into the general shape here, with the kinds and meta the
// rhythm and wins domains give their own writes (rhythm/data.ts, wins/data.ts).
import type { Method, QueueEntry, Refusal } from './queue';

/** An entry as version 1 stored it. */
export interface V1Entry {
  seq?: number;
  client_id: string;
  method: 'POST' | 'DELETE';
  /** `/checkins`, `/checkins/{id}`, `/wins`, or null for an undo whose server id was not known. */
  path: string | null;
  body?: unknown;
  /** For an undo: the client_id of the check-in it takes back. */
  undo_of?: string;
  behaviour_id: number;
  behaviour_name?: string;
  occurred_on: string;
  status: 'pending' | 'refused';
  reason?: string;
  code?: string;
  attempts: number;
  queued_at: string;
  locale?: string;
}

export function fromV1(old: V1Entry): QueueEntry | Refusal {
  const isWin = old.path === '/wins';
  const undo = !isWin && old.method === 'DELETE';
  const kind = isWin ? 'win' : undo ? 'checkin.undo' : 'checkin';
  const meta = isWin
    ? { text: old.behaviour_name ?? '' }
    : { behaviour_id: old.behaviour_id, behaviour_name: old.behaviour_name, occurred_on: old.occurred_on };
  const method: Method = old.method;
  const path = old.path ?? '/checkins/{id}'; // SERVER_ID: found from the check-in in `of`
  if (old.status === 'refused') {
    return {
      client_id: old.client_id,
      kind,
      method,
      path,
      meta,
      status: 422,
      code: old.code ?? 'refused',
      reason: old.reason ?? '',
      refused_at: old.queued_at,
    };
  }
  return {
    ...(old.seq !== undefined ? { seq: old.seq } : {}),
    kind,
    client_id: old.client_id,
    method,
    path,
    ...(undo ? {} : { body: old.body }),
    ...(isWin ? {} : { key: `checkin:${old.behaviour_id}:${old.occurred_on}` }),
    ...(undo && old.undo_of
      ? { of: { client_id: old.undo_of, ...(old.body ? { request: { method: 'POST' as const, path: '/checkins', body: old.body } } : {}) } }
      : {}),
    meta,
    locale: old.locale,
    attempts: old.attempts,
    failures: 0,
    retry_at: null,
    queued_at: old.queued_at,
  };
}
