// The offline queue of check-ins and undos: one implementation for the page and the service
// worker (Background Sync), so both replay the same IndexedDB store the same way.
//
// The shape follows Workbox's background-sync Queue (IndexedDB, FIFO replay, a client UUID per
// write so a replay is safe), without two of its bugs:
// - GoogleChrome/workbox#1480 (the same entries replayed twice when two replays overlap):
//   replays take one lock shared by the page and the worker (navigator.locks), else an
//   in-memory chain, and an entry is claimed inside a transaction before it is sent.
// - GoogleChrome/workbox#1943 (entries lost when the worker dies between taking an entry off
//   the queue and putting it back): an entry stays in the store while it is sent and is
//   deleted only after the server answered 2xx; a refusal is kept, marked, never dropped.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const QUEUE_DB = 'ritme-offline';
export const SYNC_TAG = 'ritme-queue';
const LOCK_NAME = 'ritme-queue-replay';
const CHANNEL = 'ritme-queue';
/** How long a sent check-in's server id is remembered, so a later undo can find it. */
const SENT_TTL_MS = 3 * 24 * 3600 * 1000;

export type EntryStatus = 'pending' | 'refused';

export interface CheckInBody {
  behaviour_id: number;
  client_id: string;
  occurred_on: string;
  recorded_at: string;
  note?: string;
  quality?: Record<string, boolean>;
}

export interface QueueEntry {
  /** Store key, ascending in the order entries were added (FIFO). */
  seq?: number;
  client_id: string;
  method: 'POST' | 'DELETE';
  /** `/checkins`, `/checkins/{id}`, or null for an undo whose server id is not known yet. */
  path: string | null;
  body?: CheckInBody;
  /** For an undo: the client_id of the check-in it takes back. */
  undo_of?: string;
  behaviour_id: number;
  /** The behaviour's name when tapped, to name a refusal even after it was archived. */
  behaviour_name?: string;
  occurred_on: string;
  status: EntryStatus;
  reason?: string;
  code?: string;
  /** Times a send was started; above 0 the server may already hold the write. */
  attempts: number;
  queued_at: string;
  locale?: string;
}

interface SentRecord {
  client_id: string;
  id: number;
  at: number;
}

interface QueueSchema extends DBSchema {
  entries: { key: number; value: QueueEntry; indexes: { client_id: string } };
  sent: { key: string; value: SentRecord };
}

export type QueueDb = IDBPDatabase<QueueSchema>;

let dbPromise: Promise<QueueDb> | null = null;

export function openQueue(name = QUEUE_DB): Promise<QueueDb> {
  if (name !== QUEUE_DB) return open(name);
  if (!dbPromise) dbPromise = open(name);
  return dbPromise;
}

function open(name: string): Promise<QueueDb> {
  return openDB<QueueSchema>(name, 1, {
    upgrade(db) {
      const entries = db.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
      entries.createIndex('client_id', 'client_id');
      db.createObjectStore('sent', { keyPath: 'client_id' });
    },
  });
}

/** Forget the cached connection (tests delete the database between cases). */
export function resetQueueConnection(): void {
  void dbPromise?.then((db) => db.close());
  dbPromise = null;
}

// ---------- Change notifications (this context and the others) ----------

type Listener = () => void;
const listeners = new Set<Listener>();
let channel: BroadcastChannel | null = null;

function getChannel(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  // Node (unit tests) would otherwise stay alive for the channel.
  (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  channel.onmessage = () => listeners.forEach((listener) => listener());
  return channel;
}

/** Called whenever the queue changed here or in another tab or the service worker. */
export function onQueueChange(listener: Listener): () => void {
  getChannel();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  listeners.forEach((listener) => listener());
  try {
    getChannel()?.postMessage('changed');
  } catch {
    // A closed channel: other contexts refresh on their next trigger.
  }
}

// ---------- Reading and writing ----------

export async function listEntries(db?: QueueDb): Promise<QueueEntry[]> {
  const store = db ?? (await openQueue());
  return store.getAll('entries'); // ascending key order = FIFO
}

export function checkInEntry(body: CheckInBody, locale?: string, now = new Date()): QueueEntry {
  return {
    client_id: body.client_id,
    method: 'POST',
    path: '/checkins',
    body,
    behaviour_id: body.behaviour_id,
    occurred_on: body.occurred_on,
    status: 'pending',
    attempts: 0,
    queued_at: now.toISOString(),
    locale,
  };
}

export async function enqueue(entry: QueueEntry, db?: QueueDb): Promise<QueueEntry> {
  const store = db ?? (await openQueue());
  const seq = await store.add('entries', { ...entry });
  notify();
  return { ...entry, seq };
}

/**
 * Take back a check-in. Not yet sent: it is simply taken off the queue. Sent, or perhaps sent
 * (a send was started), or known to the server by id: an undo is queued behind it.
 */
export async function enqueueUndo(
  target: { client_id: string; behaviour_id: number; occurred_on: string; server_id?: number | null; behaviour_name?: string },
  options: { locale?: string; db?: QueueDb; now?: Date; newId?: () => string } = {},
): Promise<'cancelled' | 'queued'> {
  const db = options.db ?? (await openQueue());
  const tx = db.transaction(['entries', 'sent'], 'readwrite');
  const entries = tx.objectStore('entries');
  const queued = (await entries.index('client_id').getAll(target.client_id)).find((e) => e.method === 'POST');
  let outcome: 'cancelled' | 'queued';
  if (queued && queued.attempts === 0) {
    await entries.delete(queued.seq!);
    outcome = 'cancelled';
  } else {
    if (queued) await entries.delete(queued.seq!); // a refused or in-flight one: the undo settles it
    const sent = await tx.objectStore('sent').get(target.client_id);
    const serverId = target.server_id ?? sent?.id ?? null;
    const undo: QueueEntry = {
      client_id: (options.newId ?? newClientId)(),
      method: 'DELETE',
      path: serverId ? `/checkins/${serverId}` : null,
      undo_of: target.client_id,
      // Kept so the undo can find the server id by replaying the (idempotent) check-in.
      body: queued?.body,
      behaviour_id: target.behaviour_id,
      behaviour_name: target.behaviour_name,
      occurred_on: target.occurred_on,
      status: 'pending',
      attempts: 0,
      queued_at: (options.now ?? new Date()).toISOString(),
      locale: options.locale,
    };
    await entries.add(undo);
    outcome = 'queued';
  }
  await tx.done;
  notify();
  return outcome;
}

/** Remove a refused entry once the user has read why. */
export async function dismiss(seq: number, db?: QueueDb): Promise<void> {
  const store = db ?? (await openQueue());
  await store.delete('entries', seq);
  notify();
}

// ---------- Sending ----------

export interface SendResult {
  /** 0 when the server was not reached. */
  status: number;
  body: unknown;
}

export type Sender = (method: 'POST' | 'DELETE', path: string, body: unknown, locale?: string) => Promise<SendResult>;

/**
 * fetch with the session's CSRF token, fetched by whoever sends (the worker has no page to
 * ask). A stale token (400 csrf_failed) is refreshed once. A network failure gives status 0.
 */
export function createSender(options: { baseUrl?: string; fetch?: typeof fetch } = {}): Sender {
  const baseUrl = options.baseUrl ?? '/api/v1';
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let token: string | null = null;

  async function csrf(): Promise<string> {
    if (token) return token;
    const response = await doFetch(`${baseUrl}/auth/csrf`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`csrf ${response.status}`);
    token = ((await response.json()) as { csrf_token: string }).csrf_token;
    return token;
  }

  async function once(method: string, path: string, body: unknown, locale?: string): Promise<SendResult> {
    const headers: Record<string, string> = { Accept: 'application/json', 'X-CSRFToken': await csrf() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (locale) headers['Accept-Language'] = locale;
    const response = await doFetch(baseUrl + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed };
  }

  return async (method, path, body, locale) => {
    try {
      let result = await once(method, path, body, locale);
      if (result.status === 400 && errorCode(result.body) === 'csrf_failed') {
        token = null;
        result = await once(method, path, body, locale);
      }
      return result;
    } catch {
      token = null;
      return { status: 0, body: null };
    }
  };
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | null)?.error?.code;
}

/** The server's own words for a refusal: a field's message when it names one, else its message. */
export function refusalReason(body: unknown): string {
  const error = (body as { error?: { message?: string; fields?: Record<string, unknown> } } | null)?.error;
  const fieldMessages = Object.values(error?.fields ?? {}).flat().filter((m): m is string => typeof m === 'string');
  return fieldMessages[0] ?? error?.message ?? '';
}

/** Worth trying again later rather than a refusal: not reached, server trouble, signed out, throttled. */
export function isRetryable(result: SendResult): boolean {
  const { status } = result;
  if (status === 0 || status >= 500 || status === 401 || status === 408 || status === 429) return true;
  return status === 400 && errorCode(result.body) === 'csrf_failed';
}

export interface ReplayReport {
  sent: number;
  refused: number;
  /** True when replay stopped at an entry that could not be sent now (offline, 5xx…). */
  stopped: boolean;
  remaining: number;
}

export interface ReplayOptions {
  send?: Sender;
  db?: QueueDb;
  /** Told about each entry the server accepted, with its answer (the page updates Today). */
  onSent?: (entry: QueueEntry, result: SendResult) => void;
}

const defaultSender = createSender();

/** Send the queue, oldest first, one replay at a time across the page and the worker. */
export function replay(options: ReplayOptions = {}): Promise<ReplayReport> {
  return withLock(() => replayUnlocked(options));
}

async function replayUnlocked({ send = defaultSender, db: given, onSent }: ReplayOptions): Promise<ReplayReport> {
  const db = given ?? (await openQueue());
  const report: ReplayReport = { sent: 0, refused: 0, stopped: false, remaining: 0 };
  const skipped = new Set<number>(); // refused entries stay put; replay moves past them
  pruneSent(db);

  for (;;) {
    const entry = await claimNext(db, skipped);
    if (!entry) break;
    const result = await sendEntry(db, entry, send);
    if (isRetryable(result)) {
      report.stopped = true; // keep it at the front, and everything after it waits too
      break;
    }
    if (result.status >= 200 && result.status < 300) {
      await settle(db, entry, result);
      report.sent += 1;
      onSent?.(entry, result);
    } else {
      await markRefused(db, entry, result);
      skipped.add(entry.seq!);
      report.refused += 1;
    }
    notify();
  }
  report.remaining = (await db.getAll('entries')).filter((e) => e.status === 'pending').length;
  return report;
}

/** The oldest pending entry, with its attempt counted in the same transaction that reads it. */
async function claimNext(db: QueueDb, skipped: Set<number>): Promise<QueueEntry | null> {
  const tx = db.transaction('entries', 'readwrite');
  let cursor = await tx.store.openCursor();
  while (cursor) {
    const entry = cursor.value;
    if (entry.status === 'pending' && !skipped.has(entry.seq!)) {
      const claimed = { ...entry, attempts: entry.attempts + 1 };
      await cursor.update(claimed);
      await tx.done;
      return claimed;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return null;
}

async function sendEntry(db: QueueDb, entry: QueueEntry, send: Sender): Promise<SendResult> {
  if (entry.method === 'POST') return send('POST', entry.path ?? '/checkins', entry.body, entry.locale);

  // An undo: find the server id of the check-in it takes back.
  let path = entry.path;
  if (!path && entry.undo_of) {
    const sent = await db.get('sent', entry.undo_of);
    if (sent) path = `/checkins/${sent.id}`;
  }
  if (!path && entry.body) {
    // The check-in may or may not have reached the server; replaying it (same client_id) is
    // safe and answers with its id either way.
    const found = await send('POST', '/checkins', entry.body, entry.locale);
    if (isRetryable(found)) return found;
    const id = (found.body as { id?: number } | null)?.id;
    if (found.status >= 200 && found.status < 300 && id) path = `/checkins/${id}`;
    else return { status: 204, body: null }; // refused then, so nothing to take back
  }
  if (!path) return { status: 204, body: null }; // never sent: nothing on the server to undo
  const result = await send('DELETE', path, undefined, entry.locale);
  // Already gone is what an undo wants.
  return result.status === 404 ? { status: 204, body: null } : result;
}

async function settle(db: QueueDb, entry: QueueEntry, result: SendResult): Promise<void> {
  const tx = db.transaction(['entries', 'sent'], 'readwrite');
  await tx.objectStore('entries').delete(entry.seq!);
  const id = (result.body as { id?: number } | null)?.id;
  if (entry.method === 'POST' && id) {
    await tx.objectStore('sent').put({ client_id: entry.client_id, id, at: Date.now() });
  }
  if (entry.method === 'DELETE' && entry.undo_of) await tx.objectStore('sent').delete(entry.undo_of);
  await tx.done;
}

async function markRefused(db: QueueDb, entry: QueueEntry, result: SendResult): Promise<void> {
  const tx = db.transaction('entries', 'readwrite');
  const current = await tx.store.get(entry.seq!);
  // Undone by the user while it was on its way: the undo entry settles it, nothing to show.
  if (current) {
    await tx.store.put({
      ...current,
      status: 'refused',
      code: errorCode(result.body) ?? `http_${result.status}`,
      reason: refusalReason(result.body),
    });
  }
  await tx.done;
}

function pruneSent(db: QueueDb): void {
  const cutoff = Date.now() - SENT_TTL_MS;
  void db.getAll('sent').then((records) =>
    Promise.all(records.filter((r) => r.at < cutoff).map((r) => db.delete('sent', r.client_id))),
  );
}

// ---------- One replay at a time ----------

let chain: Promise<unknown> = Promise.resolve();

/**
 * Web Locks reach across the page, other tabs and the service worker; where they are missing,
 * an in-memory chain at least serialises replays within this context. Waiting for the lock
 * (not skipping when it is taken) means an entry added during a replay is never left behind.
 */
export function withLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks?.request) return locks.request(LOCK_NAME, task) as Promise<T>;
  const run = chain.then(task, task);
  chain = run.catch(() => undefined);
  return run;
}

// ---------- Small helpers for callers ----------

export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // RFC 4122 version 4 from getRandomValues (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The device instant as ISO 8601 with the device's own offset, e.g. 2026-11-22T12:00:00.000+01:00. */
export function isoWithOffset(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function localDate(now: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  }
}
