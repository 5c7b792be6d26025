// The page's side of the offline queue: how a screen sends a write (submit: queue it, then replay
// at once when online), when the queue is replayed (after a write, on the `online` event, on app
// start, when a write waiting for retry is due) and Background Sync as the fallback the worker runs.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import {
  announceChange,
  dismiss,
  enqueue,
  onQueueChange,
  openQueue,
  readQueue,
  replay,
  SYNC_TAG,
  takeBack,
  type QueueEntry,
  type QueueRequest,
  type Refusal,
  type ReplayReport,
  type SendResult,
} from './queue';

type SentListener = (entry: QueueEntry, result: SendResult) => void;
type ReplayListener = (report: ReplayReport) => void;

const sentListeners = new Set<SentListener>();
const replayListeners = new Set<ReplayListener>();

/** Told about each write the server accepted during a replay from this page. */
export function onSent(listener: SentListener): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

/** Told after every replay from this page finished. */
export function onReplayed(listener: ReplayListener): () => void {
  replayListeners.add(listener);
  return () => replayListeners.delete(listener);
}

/** What became of a submitted write by the time this page's replay was done. */
export type Outcome =
  | { status: 'sent'; body: unknown }
  | { status: 'refused'; refusal: Refusal }
  /** Kept on the device: offline, or the server's trouble; it goes out later by itself. */
  | { status: 'queued' };

/** Outcomes seen by this page's replays, for the writes whose callers wait for theirs. */
const awaited = new Map<string, Outcome | null>();

export async function replayNow(): Promise<ReplayReport | null> {
  try {
    const report = await replay({
      onSent: (entry, result) => {
        if (awaited.has(entry.client_id)) awaited.set(entry.client_id, { status: 'sent', body: result.body });
        sentListeners.forEach((listener) => listener(entry, result));
      },
      onRefused: (refusal) => {
        if (awaited.has(refusal.client_id)) awaited.set(refusal.client_id, { status: 'refused', refusal });
      },
    });
    replayListeners.forEach((listener) => listener(report));
    if (report.remaining > 0) void registerBackgroundSync();
    scheduleRetry(report.next_retry_at);
    return report;
  } catch {
    return null; // IndexedDB unavailable (private mode in some browsers): nothing to replay
  }
}

/**
 * Send a write the way every screen does: into the queue (so it survives a closed app or a dead
 * network), then out at once when online. `onStored` runs once it is safe in IndexedDB.
 */
export async function submit<M extends object>(
  request: QueueRequest<M>,
  options: { onStored?: (entry: QueueEntry<M>) => void; kept?: Promise<QueueEntry<M>> } = {},
): Promise<Outcome> {
  const entry = await (options.kept ?? enqueue(request));
  if (options.kept) announceChange();
  options.onStored?.(entry);
  return sendNow(request.client_id);
}

/**
 * Put a write in the queue at once and tell no screen yet: for a tap, whose frame must paint before
 * the page renders anything else (issue 20), yet whose write must survive the app being left right
 * after it. Pass the answer to `submit` as `kept` once the frame is painted: it announces and sends.
 */
export function keep<M extends object>(request: QueueRequest<M>): Promise<QueueEntry<M>> {
  // IndexedDB answers later, and a page unloaded in this very moment may never see its write land;
  // localStorage is written before this returns. The next start moves what is still there into the queue.
  writeKept([...readKept(), request]);
  return enqueue(request, { quiet: true }).then((entry) => {
    writeKept(readKept().filter((kept) => kept.client_id !== request.client_id));
    return entry;
  });
}

const KEPT_KEY = 'ritme.kept-writes';

function readKept(): QueueRequest[] {
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(KEPT_KEY) ?? '[]');
    return Array.isArray(kept) ? (kept as QueueRequest[]) : [];
  } catch {
    return [];
  }
}

function writeKept(kept: QueueRequest[]): void {
  try {
    if (kept.length) localStorage.setItem(KEPT_KEY, JSON.stringify(kept));
    else localStorage.removeItem(KEPT_KEY);
  } catch {
    // No storage (private mode, full): the IndexedDB write is all there is, as before.
  }
}

/** Writes kept by a page that was left before IndexedDB had them: into the queue (once, by client_id). */
export async function adoptKept(): Promise<number> {
  const kept = readKept();
  if (!kept.length) return 0;
  for (const request of kept) {
    // Already queued (or sent) by the page that kept it: the queue answers the one it has; the server,
    // which knows each client_id, stores a write sent twice once.
    await enqueue(request, { quiet: true }).catch(() => undefined);
  }
  writeKept(readKept().filter((request) => !kept.some((adopted) => adopted.client_id === request.client_id)));
  announceChange();
  return kept.length;
}

/**
 * For a screen that shows the outcome itself (a form): the server's answer, or null when the
 * write was kept for later. A refusal throws the ApiError a direct request would have thrown, and
 * is dismissed from the queue's refusals, since the screen shows it right away.
 */
export async function answerOf<T>(outcome: Outcome): Promise<T | null> {
  if (outcome.status === 'refused') {
    const { refusal } = outcome;
    await dismiss(refusal.client_id).catch(() => undefined);
    throw new ApiError(refusal.status, refusal.code, refusal.reason);
  }
  return outcome.status === 'sent' ? (outcome.body as T | null) : null;
}

/** Take back an earlier write (see queue.takeBack), then send the queue. */
export async function submitTakeBack<M extends object>(target: string, inverse: QueueRequest<M>): Promise<'cancelled' | 'queued'> {
  const outcome = await takeBack(target, inverse);
  void sendNow(inverse.client_id);
  return outcome;
}

/**
 * Background Sync is asked for only when this page could not send (offline, or writes left
 * waiting): asked at once, the worker would race the page for the write it is about to send.
 */
async function sendNow(clientId: string): Promise<Outcome> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) {
    void registerBackgroundSync();
    return { status: 'queued' };
  }
  awaited.set(clientId, null);
  try {
    await replayNow();
    const seen = awaited.get(clientId);
    if (seen) return seen;
    // Not sent by this page's replay: still waiting, refused, or sent by the worker or another tab.
    const db = await openQueue();
    if (await db.getFromIndex('requests', 'client_id', clientId)) return { status: 'queued' };
    const refusal = await db.get('refused', clientId);
    return refusal ? { status: 'refused', refusal } : { status: 'sent', body: null };
  } finally {
    awaited.delete(clientId);
  }
}

let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Replay again when the earliest write waiting after the server's trouble is due. */
function scheduleRetry(at: number | null): void {
  clearTimeout(retryTimer);
  if (at === null || typeof window === 'undefined') return;
  retryTimer = setTimeout(() => void replayNow(), Math.max(1000, at - Date.now()));
}

/** Ask the browser to wake the worker when the connection is back (Chromium has it). */
export async function registerBackgroundSync(): Promise<void> {
  try {
    if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
      sync?: { register(tag: string): Promise<void> };
    };
    await registration.sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync: the `online` event and the next app start replay instead.
  }
}

let started = false;

/** Replay on app start and whenever the browser says it is online again. */
export function startOfflineSync(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('online', () => void replayNow());
  void adoptKept()
    .catch(() => 0)
    .then(() => replayNow());
}

// The queue as it was when the app started (issue 20): read at once by main.tsx, so that the first
// render of Today lays waiting check-ins over the day when the queue may hold some (it then waits for
// this read), and only until the queue changes or a few seconds have passed; screens read it again.
let primed: { entries: QueueEntry[]; refusals: Refusal[]; at: number } | null = null;
const PRIMED_FRESH_MS = 10_000;

/** Read the queue now, for the first render; resolves (never rejects) once it is read or cannot be. */
export function primeQueued(): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  let changed = false;
  const stopWatching = onQueueChange(() => {
    changed = true;
    primed = null;
    stopWatching();
  });
  return readQueue().then(
    ({ entries, refusals }) => {
      if (!changed) primed = { entries, refusals, at: Date.now() };
    },
    () => undefined, // no IndexedDB (private mode): screens read it as before, and find nothing
  );
}

/** The queue read at start, while it still holds; null when a screen must wait for its own read. */
export function primedQueue(): { entries: QueueEntry[]; refusals: Refusal[] } | null {
  return primed && Date.now() - primed.at < PRIMED_FRESH_MS ? primed : null;
}

/**
 * A screen's view of the queue: its own kinds of writes still waiting and those refused, kept
 * fresh as the queue changes here, in other tabs or in the worker.
 */
export function useQueued(isMine: (kind: string) => boolean) {
  const [entries, setEntries] = useState<QueueEntry[]>(() => primedQueue()?.entries.filter((e) => isMine(e.kind)) ?? []);
  const [refusals, setRefusals] = useState<Refusal[]>(() => primedQueue()?.refusals.filter((r) => isMine(r.kind)) ?? []);

  const reload = useCallback(async () => {
    try {
      const { entries: waiting, refusals: refused } = await readQueue();
      setEntries(waiting.filter((e) => isMine(e.kind)));
      setRefusals(refused.filter((r) => isMine(r.kind)));
    } catch {
      setEntries([]);
      setRefusals([]);
    }
  }, []); // isMine is a module-level function of each screen: it never changes

  useEffect(() => {
    void reload();
    return onQueueChange(() => void reload());
  }, [reload]);

  const dismissRefusal = useCallback(
    async (refusal: Refusal) => {
      await dismiss(refusal.client_id);
      await reload();
    },
    [reload],
  );

  return { entries, refusals, reload, dismissRefusal };
}
