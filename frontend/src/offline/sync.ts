// The page's side of the offline queue: when to replay (after a write when online, on the
// `online` event, on app start) and Background Sync as the fallback the worker runs.
import { replay, SYNC_TAG, type QueueEntry, type ReplayReport, type SendResult } from './queue';

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

export async function replayNow(): Promise<ReplayReport | null> {
  try {
    const report = await replay({ onSent: (entry, result) => sentListeners.forEach((l) => l(entry, result)) });
    replayListeners.forEach((listener) => listener(report));
    if (report.stopped) void registerBackgroundSync();
    return report;
  } catch {
    return null; // IndexedDB unavailable (private mode in some browsers): nothing to replay
  }
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
  void replayNow();
}
