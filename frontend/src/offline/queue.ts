// The offline queue: every write the app must not lose — check-ins and their undos, wins,
// applause, the weekly reflection's answer — goes through it. One implementation for the page
// and the service worker (Background Sync), so both replay the same IndexedDB store the same way.
//
// Shaped like Workbox's background-sync Queue (GoogleChrome/workbox
// packages/workbox-background-sync/src/Queue.ts): a request with metadata, stored in IndexedDB,
// replayed oldest first, a failed entry kept at the front. Any domain may queue a write: it names
// the write's `kind`, gives it a `client_id` (the queue holds one entry per client_id, and the
// server recognises a replayed write by it), and adds the `meta` its screens need to show it.
//
// What an answer means:
// - 2xx (and 404 to a DELETE: already gone is what it wanted): done, off the queue.
// - any other 4xx: refused. Off the queue, into `refused` with the server's reason, until the
//   user has read it (dismiss).
// - 5xx, 408, 429: the server's trouble. The entry keeps its place and waits (exponential
//   backoff); the entries behind it go on, except those sharing its `key`, which keep their order.
//   After MAX_RETENTION_MS of trouble it is given up as refused, so nothing waits forever.
// - no answer, 401, a stale CSRF token: nothing can be sent now. Replay stops, everything stays.
//
// Two Workbox bugs avoided:
// - GoogleChrome/workbox#1480 (the same entries replayed twice when two replays overlap):
//   replays take one lock shared by the page and the worker (navigator.locks), else an
//   in-memory chain, and an entry is claimed inside a transaction before it is sent.
// - GoogleChrome/workbox#1943 (entries lost when the worker dies between taking an entry off
//   the queue and putting it back): an entry stays in the store while it is sent and is
//   deleted only once the server has answered.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { fromV1, type V1Entry } from './v1';

export const QUEUE_DB = 'ritme-offline';
/** 1: check-ins only (store `entries`); 2: any write (stores `requests` and `refused`). */
export const QUEUE_VERSION = 2;
export const SYNC_TAG = 'ritme-queue';
const LOCK_NAME = 'ritme-queue-replay';
const CHANNEL = 'ritme-queue';
/** How long a sent write's server id is remembered, so a later undo can find it. */
const SENT_TTL_MS = 3 * 24 * 3600 * 1000;
/** Backoff after the server's trouble: 5 s, 10 s, 20 s… at most 15 minutes. */
const BACKOFF_BASE_MS = 5000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;
/** A write the server keeps failing on (5xx) is given up after a week, like Workbox's maxRetentionTime. */
export const MAX_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Stands in a path for the server id of the earlier write named in `of`. */
export const SERVER_ID = '{id}';

export type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a domain hands the queue: one write, its kind, and what its screens need to show it. */
export interface QueueRequest<M extends object = object> {
  /** What the write is: 'checkin', 'checkin.undo', 'win', 'applause', 'reflection.answer'… */
  kind: string;
  /** The write's identity: queueing it twice keeps one entry, and a replay sends the same id. */
  client_id: string;
  method: Method;
  /** The API path under /api/v1; SERVER_ID in it stands for the server id of the write in `of`. */
  path: string;
  body?: unknown;
  /** Writes with the same key are sent strictly in order: none overtakes one waiting to retry. */
  key?: string;
  /**
   * A write on something an earlier write created (an undo): that write's client_id, and the
   * write itself when it may have reached the server, replayed (idempotent) to learn its id.
   */
  of?: { client_id: string; request?: { method: Method; path: string; body?: unknown } };
  meta: M;
  /** The interface language, so a refusal comes back in the user's words. */
  locale?: string;
}

export interface QueueEntry<M extends object = object> extends QueueRequest<M> {
  /** Store key, ascending in the order entries were added (FIFO). */
  seq?: number;
  /** Sends started; above 0 the server may already hold the write. */
  attempts: number;
  /** Answers in a row that were the server's trouble (5xx, 408, 429). */
  failures: number;
  /** Not before this instant (ms since the epoch), after the server's trouble; null: now. */
  retry_at: number | null;
  queued_at: string;
}

/** A write the server refused, kept (with its reason) until the user has read it. */
export interface Refusal<M extends object = object> {
  client_id: string;
  kind: string;
  method: Method;
  path: string;
  meta: M;
  status: number;
  code: string;
  /** The server's own words, in the language the write was sent in. */
  reason: string;
  refused_at: string;
}

interface SentRecord {
  client_id: string;
  id: number;
  at: number;
}

interface QueueSchema extends DBSchema {
  requests: { key: number; value: QueueEntry; indexes: { client_id: string } };
  refused: { key: string; value: Refusal };
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
  return openDB<QueueSchema>(name, QUEUE_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) db.createObjectStore('sent', { keyPath: 'client_id' });
      const requests = db.createObjectStore('requests', { keyPath: 'seq', autoIncrement: true });
      requests.createIndex('client_id', 'client_id', { unique: true });
      db.createObjectStore('refused', { keyPath: 'client_id' });
      if (oldVersion === 1) {
        const upgrade = tx as unknown as UpgradeTx;
        migrateV1(db, upgrade).catch(() => upgrade.abort()); // stay on version 1, entries intact
      }
    },
  });
}

type UpgradeTx = {
  abort(): void;
  objectStore(name: string): {
    getAll(): Promise<unknown[]>;
    put(value: unknown): Promise<unknown>;
    index(name: string): { get(key: string): Promise<unknown> };
  };
};

/**
 * A phone updating with writes still in version 1's `entries` store keeps them: each moves into
 * `requests` (same seq, so the same order) or, when already refused, into `refused`; then the old
 * store goes. All inside the upgrade's transaction: a failure leaves version 1 as it was.
 */
async function migrateV1(db: QueueDb, tx: UpgradeTx): Promise<void> {
  const old = (await tx.objectStore('entries').getAll()) as V1Entry[];
  const requests = tx.objectStore('requests');
  for (const entry of old) {
    const converted = fromV1(entry);
    if ('refused_at' in converted) await tx.objectStore('refused').put(converted);
    else if (!(await requests.index('client_id').get(converted.client_id))) await requests.put(converted);
  }
  (db as unknown as IDBDatabase).deleteObjectStore('entries');
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

/** The writes waiting, oldest first. */
export async function listEntries(db?: QueueDb): Promise<QueueEntry[]> {
  const store = db ?? (await openQueue());
  return store.getAll('requests'); // ascending key order = FIFO
}

/** The refused writes not yet dismissed, oldest first. */
export async function listRefusals(db?: QueueDb): Promise<Refusal[]> {
  const store = db ?? (await openQueue());
  return (await store.getAll('refused')).sort((a, b) => a.refused_at.localeCompare(b.refused_at));
}

function toEntry<M extends object>(request: QueueRequest<M>, now: Date): QueueEntry<M> {
  return { ...request, attempts: 0, failures: 0, retry_at: null, queued_at: now.toISOString() };
}

/**
 * Queue a write. Idempotent by client_id: a write already waiting is answered, not added again.
 * `quiet` tells no screen (see sync.keep): whoever asked for it announces the change later.
 */
export async function enqueue<M extends object>(
  request: QueueRequest<M>,
  options: { db?: QueueDb; now?: Date; quiet?: boolean } = {},
): Promise<QueueEntry<M>> {
  writesQueuedHere += 1;
  noteQueueMayHold(true); // before the write: a page closed halfway still waits for the queue next time
  const db = options.db ?? (await openQueue());
  const tx = db.transaction('requests', 'readwrite');
  const existing = await tx.store.index('client_id').get(request.client_id);
  if (existing) {
    await tx.done;
    return existing as QueueEntry<M>;
  }
  const entry = toEntry(request, options.now ?? new Date());
  const seq = await tx.store.add(entry);
  await tx.done;
  if (!options.quiet) notify();
  return { ...entry, seq };
}

// Whether the queue may hold writes, known without waiting for IndexedDB (issue 20: the first render of
// a warm open waits for the queue only when it may matter). Marked before any write is queued, cleared
// when a page reads the queue and finds it empty (offline/sync.ts). Unknown (no storage, never read)
// counts as "may hold": the open then waits for the queue, as it always did.
const MAY_HOLD_KEY = 'ritme.queue.may-hold';

export function queueMayHoldWrites(): boolean {
  try {
    return localStorage.getItem(MAY_HOLD_KEY) !== 'no';
  } catch {
    return true; // no storage (blocked, or the service worker): wait for the queue
  }
}

let writesQueuedHere = 0;

function noteQueueMayHold(mayHold: boolean): void {
  try {
    localStorage.setItem(MAY_HOLD_KEY, mayHold ? 'yes' : 'no');
  } catch {
    // No storage (blocked, or the service worker): every open waits for the queue.
  }
}

/**
 * Read the whole queue (what waits, what was refused); when it holds nothing, and no write was queued
 * here while it was read, note that the next open need not wait for it.
 */
export async function readQueue(db?: QueueDb): Promise<{ entries: QueueEntry[]; refusals: Refusal[] }> {
  const before = writesQueuedHere;
  const [entries, refusals] = await Promise.all([listEntries(db), listRefusals(db)]);
  if (entries.length === 0 && refusals.length === 0 && writesQueuedHere === before) noteQueueMayHold(false);
  return { entries, refusals };
}

/** Tell this page's screens and the other contexts that the queue changed. */
export function announceChange(): void {
  notify();
}

/**
 * Take back an earlier write with its inverse (a check-in with its undo, applause with its
 * withdrawal). Never sent: the earlier write is simply taken off the queue ('cancelled').
 * Sent, or perhaps sent (a send was started): the inverse is queued, knowing the earlier write
 * so its server id can be found ('queued').
 */
export async function takeBack<M extends object>(
  target: string,
  inverse: QueueRequest<M>,
  options: { db?: QueueDb; now?: Date } = {},
): Promise<'cancelled' | 'queued'> {
  const db = options.db ?? (await openQueue());
  const tx = db.transaction('requests', 'readwrite');
  const index = tx.store.index('client_id');
  const queued = await index.get(target);
  let outcome: 'cancelled' | 'queued';
  if (queued && queued.attempts === 0) {
    await tx.store.delete(queued.seq!);
    outcome = 'cancelled';
  } else {
    if (queued) await tx.store.delete(queued.seq!); // in flight or waiting to retry: the inverse settles it
    const of: QueueRequest['of'] = {
      client_id: target,
      ...(queued ? { request: { method: queued.method, path: queued.path, body: queued.body } } : {}),
    };
    if (!(await index.get(inverse.client_id))) await tx.store.add(toEntry({ ...inverse, of }, options.now ?? new Date()));
    outcome = 'queued';
  }
  await tx.done;
  notify();
  return outcome;
}

/** Forget a refusal once the user has read why. */
export async function dismiss(clientId: string, db?: QueueDb): Promise<void> {
  const store = db ?? (await openQueue());
  await store.delete('refused', clientId);
  notify();
}

// ---------- Sending ----------

export interface SendResult {
  /** 0 when the server was not reached. */
  status: number;
  body: unknown;
}

export type Sender = (method: Method, path: string, body: unknown, locale?: string) => Promise<SendResult>;

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

function idOf(body: unknown): number | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : null;
}

/** The server's own words for a refusal: a field's message when it names one, else its message. */
export function refusalReason(body: unknown): string {
  const error = (body as { error?: { message?: string; fields?: Record<string, unknown> } } | null)?.error;
  const fieldMessages = Object.values(error?.fields ?? {}).flat().filter((m): m is string => typeof m === 'string');
  return fieldMessages[0] ?? error?.message ?? '';
}

export type Verdict = 'sent' | 'refused' | 'retry' | 'stop';

/** What an answer means for the write (see the top of this file). */
export function verdict(result: SendResult): Verdict {
  const { status } = result;
  if (status >= 200 && status < 300) return 'sent';
  if (status === 0 || status === 401 || (status === 400 && errorCode(result.body) === 'csrf_failed')) return 'stop';
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  return 'refused';
}

/** How long to wait after the n-th failure in a row, or longer when the server asked for it. */
export function backoffMs(failures: number, retryAfterSeconds?: number | null): number {
  const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

export interface ReplayReport {
  sent: number;
  refused: number;
  /** Entries the server had trouble with, waiting for their next try. */
  retrying: number;
  /** True when replay stopped because nothing can be sent now (offline, signed out). */
  stopped: boolean;
  remaining: number;
  /** When the earliest waiting entry may be tried again, or null. */
  next_retry_at: number | null;
}

export interface ReplayOptions {
  send?: Sender;
  db?: QueueDb;
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
  /** Told about each write the server accepted, with its answer. */
  onSent?: (entry: QueueEntry, result: SendResult) => void;
  /** Told about each write the server refused. */
  onRefused?: (refusal: Refusal) => void;
}

const defaultSender = createSender();

/** Send the queue, oldest first, one replay at a time across the page and the worker. */
export function replay(options: ReplayOptions = {}): Promise<ReplayReport> {
  return withLock(() => replayUnlocked(options));
}

async function replayUnlocked({ send = defaultSender, db: given, now = Date.now, onSent, onRefused }: ReplayOptions): Promise<ReplayReport> {
  const db = given ?? (await openQueue());
  const report: ReplayReport = { sent: 0, refused: 0, retrying: 0, stopped: false, remaining: 0, next_retry_at: null };
  const tried = new Set<number>(); // left waiting by this replay: not tried twice in one go
  pruneSent(db, now());

  for (;;) {
    const entry = await claimNext(db, tried, now());
    if (!entry) break;
    const result = await sendEntry(db, entry, send);
    const outcome = verdict(result);
    if (outcome === 'stop') {
      report.stopped = true; // it keeps its place at the front, everything after it waits too
      break;
    }
    if (outcome === 'sent') {
      await settle(db, entry, result);
      report.sent += 1;
      onSent?.(entry, result);
    } else {
      const giveUp = outcome === 'refused' || now() - Date.parse(entry.queued_at) > MAX_RETENTION_MS;
      const refusal = giveUp ? await refuse(db, entry, result, now()) : null;
      if (refusal) {
        report.refused += 1;
        onRefused?.(refusal);
      } else if (!giveUp) {
        await postpone(db, entry, result, now());
        tried.add(entry.seq!);
        report.retrying += 1;
      }
    }
    notify();
  }
  const left = await db.getAll('requests');
  report.remaining = left.length;
  const waits = left.map((e) => e.retry_at).filter((at): at is number => at !== null);
  report.next_retry_at = waits.length ? Math.min(...waits) : null;
  return report;
}

/**
 * The oldest entry that may go now, with its attempt counted in the same transaction that reads
 * it. An entry waiting to retry holds back the later ones with its key, not the others.
 */
async function claimNext(db: QueueDb, tried: Set<number>, now: number): Promise<QueueEntry | null> {
  const tx = db.transaction('requests', 'readwrite');
  const waiting = new Set<string>();
  let cursor = await tx.store.openCursor();
  while (cursor) {
    const entry = cursor.value;
    const due = entry.retry_at === null || entry.retry_at <= now;
    const blocked = entry.key !== undefined && waiting.has(entry.key);
    if (due && !blocked && !tried.has(entry.seq!)) {
      const claimed = { ...entry, attempts: entry.attempts + 1 };
      await cursor.update(claimed);
      await tx.done;
      return claimed;
    }
    if (entry.key !== undefined) waiting.add(entry.key);
    cursor = await cursor.continue();
  }
  await tx.done;
  return null;
}

/** Answered as if done: the earlier write never reached the server, so there is nothing to act on. */
const NOTHING_TO_DO: SendResult = { status: 204, body: null };

async function sendEntry(db: QueueDb, entry: QueueEntry, send: Sender): Promise<SendResult> {
  let path = entry.path;
  if (path.includes(SERVER_ID)) {
    const id = await serverIdOf(db, entry, send);
    if (typeof id !== 'number') return id;
    path = path.replace(SERVER_ID, String(id));
  }
  const result = await send(entry.method, path, entry.body, entry.locale);
  // Already gone is what a DELETE wants.
  return entry.method === 'DELETE' && result.status === 404 ? NOTHING_TO_DO : result;
}

/** The server id of the earlier write in `of`: remembered from its answer, or asked by replaying it. */
async function serverIdOf(db: QueueDb, entry: QueueEntry, send: Sender): Promise<number | SendResult> {
  if (!entry.of) return NOTHING_TO_DO;
  const sent = await db.get('sent', entry.of.client_id);
  if (sent) return sent.id;
  const earlier = entry.of.request;
  if (!earlier) return NOTHING_TO_DO;
  // It may or may not have reached the server; replaying it (same client_id) is safe and
  // answers with its id either way.
  const found = await send(earlier.method, earlier.path, earlier.body, entry.locale);
  const id = idOf(found.body);
  if (verdict(found) === 'sent' && id !== null) return id;
  return verdict(found) === 'refused' ? NOTHING_TO_DO : found; // refused then: nothing to take back
}

async function settle(db: QueueDb, entry: QueueEntry, result: SendResult): Promise<void> {
  const tx = db.transaction(['requests', 'sent'], 'readwrite');
  await tx.objectStore('requests').delete(entry.seq!);
  const id = idOf(result.body);
  if (entry.method === 'POST' && id !== null) {
    await tx.objectStore('sent').put({ client_id: entry.client_id, id, at: Date.now() });
  }
  if (entry.method === 'DELETE' && entry.of) await tx.objectStore('sent').delete(entry.of.client_id);
  await tx.done;
}

/** Off the queue into `refused`; null when the user took it back while it was on its way. */
async function refuse(db: QueueDb, entry: QueueEntry, result: SendResult, now: number): Promise<Refusal | null> {
  const tx = db.transaction(['requests', 'refused'], 'readwrite');
  const current = await tx.objectStore('requests').get(entry.seq!);
  let refusal: Refusal | null = null;
  if (current) {
    await tx.objectStore('requests').delete(entry.seq!);
    refusal = {
      client_id: current.client_id,
      kind: current.kind,
      method: current.method,
      path: current.path,
      meta: current.meta,
      status: result.status,
      code: errorCode(result.body) ?? `http_${result.status}`,
      reason: refusalReason(result.body),
      refused_at: new Date(now).toISOString(),
    };
    await tx.objectStore('refused').put(refusal);
  }
  await tx.done;
  return refusal;
}

/** The server's trouble: the entry keeps its place and waits a little longer each time. */
async function postpone(db: QueueDb, entry: QueueEntry, result: SendResult, now: number): Promise<void> {
  const tx = db.transaction('requests', 'readwrite');
  const current = await tx.store.get(entry.seq!);
  if (current) {
    const failures = current.failures + 1;
    const retryAfter = (result.body as { error?: { retry_after?: unknown } } | null)?.error?.retry_after;
    const wait = backoffMs(failures, typeof retryAfter === 'number' ? retryAfter : null);
    await tx.store.put({ ...current, failures, retry_at: now + wait });
  }
  await tx.done;
}

function pruneSent(db: QueueDb, now: number): void {
  const cutoff = now - SENT_TTL_MS;
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

// ---------- For callers ----------

export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // RFC 4122 version 4 from getRandomValues (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
