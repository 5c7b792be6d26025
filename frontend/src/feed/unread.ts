// How many notifications are unread (badges, replies, being credited…): one small store for the
// tab bar's count and the app icon's badge (the Badging API, where the browser has it). It is read
// from GET /notifications/unread when the app starts, on every tab change and when the app comes
// back to the front; reading the notifications (POST /notifications/read) clears it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';

type Listener = (count: number) => void;

let unread = 0;
const listeners = new Set<Listener>();

/** The Badging API as far as Ritme uses it (Chromium, installed PWAs; absent elsewhere). */
export interface Badging {
  setAppBadge?: (count?: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
}

/** Put the count on the app's icon, or take it off at zero; quietly nothing where unsupported. */
export async function applyAppBadge(badging: Badging | undefined, count: number): Promise<void> {
  try {
    if (count > 0) await badging?.setAppBadge?.(count);
    else await badging?.clearAppBadge?.();
  } catch {
    // Not allowed here (e.g. not installed): the tab's count still says it.
  }
}

/** What the tab's bubble says: the count, at most "9+". */
export function badgeText(count: number): string {
  return count > 9 ? '9+' : String(count);
}

export function unreadCount(): number {
  return unread;
}

/** Adopt a count (from the server, or 0 once read) and tell the tab bar and the app icon. */
export function setUnread(count: number): void {
  const next = Math.max(0, Math.floor(count) || 0);
  if (next === unread) return;
  unread = next;
  listeners.forEach((listener) => listener(next));
  void applyAppBadge(typeof navigator === 'undefined' ? undefined : navigator, next);
}

export function onUnread(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Ask the server; offline the worker's last answer stands in, and a failure changes nothing. */
export async function refreshUnread(): Promise<void> {
  try {
    setUnread((await api.get<{ unread: number }>('/notifications/unread')).unread);
  } catch {
    // Keep what we had.
  }
}

/** The unread count, kept fresh while the component is shown. */
export function useUnread(): number {
  const [count, setCount] = useState(unread);
  useEffect(() => {
    setCount(unread);
    const refresh = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    document.addEventListener('visibilitychange', refresh);
    const stop = onUnread(setCount);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', refresh);
    };
  }, []);
  return count;
}
