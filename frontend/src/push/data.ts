// Push: the page's side of Web Push, in small steps: permission → subscribe → save; and the
// reminder settings as the API has them (GET/PUT /api/v1/push/settings).
//
// Permission is only ever asked from a tap (the settings button, or "Yes" on the offer after the
// day's last check-in), never on page load: a prompt nobody asked for gets "Block", and a blocked
// site can never ask again — the reminder would be lost for good.
import { api } from '../api/client';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export interface TestResult {
  devices: number;
  sent: number;
  failed: number;
  removed: number;
}

/**
 * When Today may offer reminders: after a tap of this visit that finished the day's list (all due
 * done), and online (saying yes needs the push service). Not on load, not while still tapping.
 */
export function offerWanted(visit: { tapped: boolean; online: boolean; due: number; done: number }): boolean {
  return visit.tapped && visit.online && visit.due > 0 && visit.done >= visit.due;
}

export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/** base64url (the server's VAPID key) → the bytes PushManager.subscribe() wants. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const padded = value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
  const raw = atob(padded);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export function sameBytes(a: ArrayBuffer | ArrayBufferView | null | undefined, b: Uint8Array): boolean {
  if (!a) return false;
  const left = a instanceof ArrayBuffer ? new Uint8Array(a) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return left.length === b.length && left.every((byte, i) => byte === b[i]);
}

/** The worker's registration, or null when none (the dev server has no worker). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  return (await navigator.serviceWorker.getRegistration()) ?? null;
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await registration();
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** Where this device stands; never prompts. */
export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted') return 'off';
  return (await currentSubscription()) ? 'on' : 'off';
}

/** Ask, subscribe with the server's VAPID key, save. Call it from a tap, never on load. */
export async function enableReminders(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  const reg = (await registration()) ?? (await navigator.serviceWorker.ready);
  const { public_key } = await api.get<{ public_key: string }>('/push/vapid-public-key');
  const key = base64UrlToBytes(public_key);
  let subscription = await reg.pushManager.getSubscription();
  // A subscription bound to another server key (a restored or moved server) cannot be used.
  if (subscription && !sameBytes(subscription.options?.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await api.post('/push/subscriptions', subscription.toJSON());
  return 'on';
}

/** Stop notifications on this device: forget it on the server, then in the browser. */
export async function disableReminders(): Promise<void> {
  const subscription = await currentSubscription();
  if (!subscription) return;
  // Saving again is idempotent and answers the id, which the DELETE needs.
  const { id } = await api.post<{ id: number }>('/push/subscriptions', subscription.toJSON());
  await api.delete(`/push/subscriptions/${id}`);
  await subscription.unsubscribe();
}

export function sendTestNotification(): Promise<TestResult> {
  return api.post<TestResult>('/push/test');
}

// ---------- Reminder settings ----------

export const EVENT_KINDS = [
  'badge',
  'applause',
  'win_credited',
  'team_goal',
  'reflection_reply',
  'challenge_start',
  'challenge_halfway',
  'challenge_last_day',
  'challenge_result',
  'duel',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ReminderSettings {
  enabled: boolean;
  reminder_time: string;
  days: number[];
  quiet_start: string | null;
  quiet_end: string | null;
  streak_at_risk: boolean;
  streak_time: string;
  reflection_prompt: boolean;
  manager_summary: boolean;
  events: Record<EventKind, boolean>;
}

export function loadSettings(): Promise<ReminderSettings> {
  return api.get<ReminderSettings>('/push/settings');
}

export function saveSettings(settings: Partial<ReminderSettings>): Promise<ReminderSettings> {
  return api.put<ReminderSettings>('/push/settings', settings);
}
