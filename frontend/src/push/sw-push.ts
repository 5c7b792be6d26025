/// <reference lib="webworker" />
// The service worker's push side: show what the server sent (it always shows something — the
// subscription promised userVisibleOnly), open or focus Ritme on a tap, and check in straight
// from a reminder's "Check in" button through the offline queue, so a flaky connection only
// delays the check-in instead of losing it.
import { enqueue, newClientId, replay, SYNC_TAG } from '../offline/queue';
import { checkInRequest, isoWithOffset, localDate } from '../rhythm/data';

declare const self: ServiceWorkerGlobalScope;

interface PushAction {
  action: string;
  title: string;
}

export interface PushPayload {
  kind: string;
  title: string;
  body: string;
  url: string;
  tag: string;
  icon?: string;
  badge?: string;
  actions?: PushAction[];
  data?: {
    behaviour_id?: number;
    behaviour_name?: string;
    time_zone?: string;
    locale?: string;
    checked_in?: string;
    queued?: string;
    count?: number;
  };
}

const FALLBACK: PushPayload = { kind: 'unknown', title: 'Ritme', body: '', url: '/', tag: 'ritme' };

export function readPayload(data: PushMessageData | null): PushPayload {
  try {
    const parsed = data?.json() as Partial<PushPayload> | undefined;
    if (parsed && typeof parsed.title === 'string') return { ...FALLBACK, ...parsed };
  } catch {
    // not JSON: show the text as it came
  }
  return { ...FALLBACK, body: data?.text() ?? '' };
}

export function showPush(payload: PushPayload): Promise<void> {
  const max = (Notification as unknown as { maxActions?: number }).maxActions ?? 2;
  return self.registration.showNotification(payload.title, {
    body: payload.body,
    icon: payload.icon ?? '/icons/icon-192.png',
    badge: payload.badge,
    // The same tag replaces an older one of its kind (like the Topic header does in transit).
    tag: payload.tag,
    lang: payload.data?.locale,
    data: { url: payload.url, kind: payload.kind, ...payload.data },
    actions: (payload.actions ?? []).slice(0, max),
  } as NotificationOptions);
}

/** A tap focuses an open Ritme window (and takes it to the deep link) instead of opening another. */
export async function focusOrOpen(path: string): Promise<void> {
  const target = new URL(path || '/', self.location.origin);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client): client is WindowClient => new URL(client.url).origin === target.origin);
  if (!open) {
    await self.clients.openWindow(target.href);
    return;
  }
  const focused = await open.focus();
  if (focused.url !== target.href) await focused.navigate(target.href).catch(() => undefined);
}

async function checkInFromNotification(data: NonNullable<PushPayload['data']> & { url?: string }): Promise<void> {
  if (!data.behaviour_id) return focusOrOpen(data.url ?? '/');
  const now = new Date();
  await enqueue(
    checkInRequest(
      {
        behaviour_id: data.behaviour_id,
        client_id: newClientId(),
        occurred_on: localDate(now, data.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone),
        recorded_at: isoWithOffset(now),
      },
      { name: data.behaviour_name, locale: data.locale },
    ),
    { now },
  );
  const report = await replay().catch(() => null);
  const sent = report !== null && !report.stopped && report.remaining === 0;
  if (!sent) {
    const sync = (self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      .sync;
    await sync?.register(SYNC_TAG).catch(() => undefined);
  }
  const text = sent ? data.checked_in : data.queued;
  if (text) await self.registration.showNotification(text, { tag: 'ritme-checked-in', silent: true, icon: '/icons/icon-192.png' });
}

self.addEventListener('push', (event: PushEvent) => {
  event.waitUntil(showPush(readPayload(event.data)));
});

self.addEventListener('notificationclick', (event: NotificationEvent) => {
  const data = (event.notification.data ?? {}) as NonNullable<PushPayload['data']> & { url?: string };
  event.notification.close();
  if (event.action === 'checkin') event.waitUntil(checkInFromNotification(data));
  else event.waitUntil(focusOrOpen(data.url ?? '/'));
});
