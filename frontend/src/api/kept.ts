// What the app keeps for its next open (issue 20: a warm open shows Today within 0.6 s on a phone 4×
// slower). The service worker's cache holds the same answers, but reading it, like any fetch or
// IndexedDB read, takes several trips between the page and the browser, each behind whatever the phone
// is doing as the app starts: some 150 ms. What is kept here is read synchronously, so the very first
// render can be the signed-in Today, and the server's answers follow as always.
// Kept: who is signed in (session.tsx), their Today and its heading (rhythm/), each stamped with its
// owner. All of it is forgotten on sign-out and whenever the server says nobody is signed in, like
// the worker's API cache, so that the next person on a shared phone never sees the last one's day.
const PREFIX = 'ritme.kept:';

interface Kept {
  owner: number;
  value: unknown;
}

/** Keep `value` under `key` for the next open; it belongs to user `owner`. */
export function keepForNextOpen(key: string, owner: number, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify({ owner, value } satisfies Kept));
  } catch {
    // Storage full or blocked (some private modes): the next open waits for the server, as before.
  }
}

/** What the last open kept under `key`; when `owner` is given, only if it is theirs. */
export function keptFromLastOpen<T>(key: string, owner?: number): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const kept = JSON.parse(raw) as Kept;
    return owner === undefined || kept.owner === owner ? (kept.value as T) : null;
  } catch {
    return null; // unreadable or no storage: ask the server
  }
}

/** Forget everything kept (sign-out, an expired session). */
export function forgetWhatWasKept(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // No storage: nothing was kept.
  }
}
