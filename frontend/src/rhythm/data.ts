// Rhythm: the API's shapes (Today, My rhythm, away days), the pure rules of the Today screen
// (what the server said, merged with the check-ins still waiting in the offline queue), and the
// check-in and undo as queue writes. No Preact here: the service worker checks in with it too.
import type { I18n } from '../i18n/context';
import { newClientId, SERVER_ID, type QueueEntry, type QueueRequest } from '../offline/queue';
import { dateTimeFormat } from '../components/format';

export type Cadence = 'daily' | 'weekdays' | 'times_per_week' | 'days_of_week';

export interface Streak {
  current: number;
  longest: number;
  unit: 'day' | 'week';
}

export interface CheckIn {
  id: number;
  client_id: string;
  occurred_on: string;
  late: boolean;
  note: string | null;
  quality: Record<string, boolean> | null;
  quality_score: number | null;
  points: number;
  received_at: string;
  recorded_at: string | null;
  /** app, import, or crm (checked in by a connected system, Beheer → Koppelingen); older answers lack it. */
  source?: string;
}

export interface CheckInRecorded extends CheckIn {
  behaviour_id: number;
  streak: Streak;
  consistency: number;
}

export interface TodayBehaviour {
  id: number;
  name: string;
  description: string;
  icon: string;
  points: number;
  cadence: Cadence;
  times_per_week: number | null;
  customer_facing: boolean;
  checklist: { key: string; label: string }[];
  due_today: boolean;
  done_today: boolean;
  checkin: CheckIn | null;
  streak: Streak;
  consistency: number;
  week_done: number;
  week_target: number;
}

export interface Today {
  date: string;
  time_zone: string;
  away: boolean;
  summary: { due: number; done: number };
  behaviours: TodayBehaviour[];
}

export type DayState = 'done' | 'missed' | 'away' | 'rest' | 'open' | 'today' | 'future';

export interface BehaviourHistory {
  id: number;
  name: string;
  icon: string;
  cadence: Cadence;
  times_per_week: number | null;
  streak: Streak;
  consistency: number;
  days: { date: string; state: DayState; crm?: boolean }[];
  trend: { week_start: string; consistency: number }[];
}

export interface History {
  since: string;
  until: string;
  behaviours: BehaviourHistory[];
}

export interface AwayDay {
  id: number;
  user_id: number;
  day: string;
  kind: AwayKind | null;
}

export type AwayKind = 'leave' | 'sick' | 'holiday';

// ---------- Check-ins and undos as writes of the offline queue ----------

export const CHECKIN = 'checkin';
export const CHECKIN_UNDO = 'checkin.undo';

/** The queue's kinds that are check-ins: the only ones Today shows and counts as waiting. */
export function isCheckInKind(kind: string): boolean {
  return kind === CHECKIN || kind === CHECKIN_UNDO;
}

export interface CheckInBody {
  behaviour_id: number;
  client_id: string;
  occurred_on: string;
  recorded_at: string;
  note?: string;
  quality?: Record<string, boolean>;
}

export interface CheckInMeta {
  behaviour_id: number;
  /** The behaviour's name when tapped, to name a refusal even after it was archived. */
  behaviour_name?: string;
  occurred_on: string;
}

export type CheckInEntry = QueueEntry<CheckInMeta>;

export function isCheckInEntry(entry: QueueEntry): entry is CheckInEntry {
  return isCheckInKind(entry.kind);
}

/** A behaviour's check-ins and undos of one day go out in the order they were tapped. */
function checkInKey(behaviourId: number, day: string): string {
  return `checkin:${behaviourId}:${day}`;
}

export function checkInRequest(body: CheckInBody, options: { name?: string; locale?: string } = {}): QueueRequest<CheckInMeta> {
  return {
    kind: CHECKIN,
    client_id: body.client_id,
    method: 'POST',
    path: '/checkins',
    body,
    key: checkInKey(body.behaviour_id, body.occurred_on),
    meta: { behaviour_id: body.behaviour_id, behaviour_name: options.name, occurred_on: body.occurred_on },
    locale: options.locale,
  };
}

/** The undo of a check-in: DELETE of its server id, known now or found from the check-in later. */
export function undoRequest(
  target: { behaviour_id: number; occurred_on: string; server_id?: number | null; behaviour_name?: string },
  options: { locale?: string; newId?: () => string } = {},
): QueueRequest<CheckInMeta> {
  return {
    kind: CHECKIN_UNDO,
    client_id: (options.newId ?? newClientId)(),
    method: 'DELETE',
    path: `/checkins/${target.server_id ?? SERVER_ID}`,
    key: checkInKey(target.behaviour_id, target.occurred_on),
    meta: { behaviour_id: target.behaviour_id, behaviour_name: target.behaviour_name, occurred_on: target.occurred_on },
    locale: options.locale,
  };
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

/**
 * The calendar date (YYYY-MM-DD) of an instant in an IANA time zone. Read from en-GB's parts, the
 * locale Today's hour uses too (TodayPage.hourIn): each locale a page formats in costs the first
 * format of it tens of milliseconds on a slow phone (issue 20), so Today keeps to as few as it can.
 */
export function localDate(now: Date, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = dateTimeFormat('en-GB', { timeZone, ...options }).formatToParts(now);
  } catch {
    parts = dateTimeFormat('en-GB', options).formatToParts(now);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// ---------- Back-fill: a past day checked in after all ----------

/**
 * How many days back a tap may still check in: yesterday ("forgot last night", marked late by the
 * server; docs/streaks.md). A tap kept offline may arrive up to 7 days later, but is always for the
 * day it was tapped or the day before — so the screens offer yesterday, and only yesterday.
 */
export const BACKFILL_DAYS = 1;

/** A calendar date (YYYY-MM-DD) moved by whole days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether a day of the heat map can still be checked in: open or missed, and within the back-fill window. */
export function backFillable(state: DayState, day: string, today: string): boolean {
  return (state === 'missed' || state === 'open') && day < today && day >= addDays(today, -BACKFILL_DAYS);
}

/** The user's today by the server's heat map: its last day that is not in the future. */
export function historyToday(history: History): string | null {
  const days = history.behaviours[0]?.days ?? [];
  for (let n = days.length - 1; n >= 0; n -= 1) if (days[n].state !== 'future') return days[n].date;
  return null;
}

/** A past day's check-in: an ordinary check-in of the queue, tapped now, for that day (the server marks it late). */
export function backFillRequest(target: { id: number; name: string }, day: string, now: Date, locale?: string): QueueRequest<CheckInMeta> {
  return checkInRequest(
    { behaviour_id: target.id, client_id: newClientId(), occurred_on: day, recorded_at: isoWithOffset(now) },
    { name: target.name, locale },
  );
}

/** "behaviour:day" of every check-in still waiting in the queue (a later undo of the same day cancels it). */
export function queuedCheckIns(entries: readonly QueueEntry[]): Set<string> {
  const latest = new Map<string, string>();
  for (const entry of entries.filter(isCheckInEntry)) latest.set(`${entry.meta.behaviour_id}:${entry.meta.occurred_on}`, entry.kind);
  return new Set([...latest].filter(([, kind]) => kind === CHECKIN).map(([key]) => key));
}

// ---------- Today ----------

/** "12 dagen" / "3 weeks" / "No streak yet". */
export function streakText(streak: Streak, { t, tn }: Pick<I18n, 't' | 'tn'>): string {
  if (streak.current === 0) return t('today.streak_none');
  return tn(streak.unit === 'week' ? 'today.streak_weeks' : 'today.streak_days', streak.current);
}

/** A behaviour as Today shows it: the server's state with the queue's writes laid over it. */
export interface TodayItem extends TodayBehaviour {
  /** Done or undone on this device, not yet confirmed by the server. */
  pending: boolean;
  /** The client_id of today's check-in, for undo (queued or stored). */
  checkin_client_id: string | null;
}

/** The streak as it will be once this check-in is counted (the server confirms later). */
export function streakAfterCheckIn(b: TodayBehaviour): Streak {
  if (!b.due_today) return b.streak;
  const grows = b.streak.unit === 'week' ? b.week_done + 1 === b.week_target : true;
  if (!grows) return b.streak;
  const current = b.streak.current + 1;
  return { ...b.streak, current, longest: Math.max(b.streak.longest, current) };
}

/** The streak as it was before today's check-in, when that check-in is taken back. */
export function streakAfterUndo(b: TodayBehaviour): Streak {
  const wasDue = b.streak.unit === 'week' ? b.week_done === b.week_target : b.due_today || b.cadence === 'daily';
  if (!wasDue || b.streak.current === 0) return b.streak;
  return { ...b.streak, current: b.streak.current - 1 };
}

/** Today's check-in: applied to one behaviour (optimistically, or from the server's answer). */
export function withCheckIn(b: TodayBehaviour, recorded?: CheckInRecorded): TodayBehaviour {
  const weekDone = b.done_today ? b.week_done : b.week_done + (b.week_target ? 1 : 0);
  if (recorded) {
    const { streak, consistency, behaviour_id: _ignored, ...checkin } = recorded;
    return { ...b, done_today: true, checkin, streak, consistency, week_done: weekDone };
  }
  return { ...b, done_today: true, streak: b.done_today ? b.streak : streakAfterCheckIn(b), week_done: weekDone };
}

/** Today's check-in taken back: applied to one behaviour (queued, or once the server has done it). */
export function withoutCheckIn(b: TodayBehaviour): TodayBehaviour {
  if (!b.done_today) return b;
  return {
    ...b,
    done_today: false,
    checkin: null,
    streak: streakAfterUndo(b),
    week_done: b.week_target ? Math.max(0, b.week_done - 1) : b.week_done,
  };
}

/**
 * Lay the queue over the server's Today. Per behaviour the newest waiting check-in or undo for
 * the day wins: a queued check-in shows as done (pending), a queued undo as not done (pending).
 * Refused writes are not in the queue (the screen lists them with their reason), and other
 * kinds of writes (a queued win) change nothing here.
 */
export function mergeToday(today: Today, entries: readonly QueueEntry[]): TodayItem[] {
  const checkIns = entries.filter(isCheckInEntry);
  return today.behaviours.map((b) => {
    const latest = checkIns.filter((e) => e.meta.behaviour_id === b.id && e.meta.occurred_on === today.date).pop();
    if (!latest) return { ...b, pending: false, checkin_client_id: b.checkin?.client_id ?? null };
    if (latest.kind === CHECKIN) {
      const base = b.done_today ? withoutCheckIn(b) : b; // e.g. undone, then checked in again
      return { ...withCheckIn(base), pending: true, checkin_client_id: latest.client_id };
    }
    return { ...withoutCheckIn(b), pending: true, checkin_client_id: null };
  });
}

/** Which list of Today a behaviour sits in: "Te doen vandaag" or "Ook mogelijk vandaag". */
export type Place = 'due' | 'also';

/** Where each behaviour sits for one visit of Today, and for which day. */
export interface Placement {
  date: string;
  places: ReadonlyMap<number, Place>;
}

/**
 * Where the cards sit for this visit. The first answer of the visit decides (due or done today: the
 * day's list; the rest: also possible), and a card never moves while the screen is open — a
 * times-per-week behaviour that reaches its target stays under the thumb that tapped it. Only a new
 * day, a fresh visit or a behaviour not seen before is placed anew.
 */
export function placeItems(date: string, items: readonly TodayBehaviour[], previous: Placement | null): Placement {
  const known = previous?.date === date ? previous.places : new Map<number, Place>();
  const places = new Map<number, Place>();
  for (const item of items) places.set(item.id, known.get(item.id) ?? (item.due_today || item.done_today ? 'due' : 'also'));
  return { date, places };
}

/** The two lists of Today, each in the server's order, by the visit's placement. */
export function sections<T extends TodayBehaviour>(items: readonly T[], placement: Placement | null): { due: T[]; also: T[] } {
  const placeOf = (item: T): Place => placement?.places.get(item.id) ?? (item.due_today ? 'due' : 'also');
  return { due: items.filter((i) => placeOf(i) === 'due'), also: items.filter((i) => placeOf(i) === 'also') };
}

/**
 * "3 van 5 gedaan": the day's list as the visit placed it, plus anything else done today (as the
 * server counts it). Taking a check-in back never shrinks the list, so it never reads "all done".
 */
export function progress(items: readonly TodayBehaviour[], placement: Placement | null = null): { due: number; done: number } {
  const counted = items.filter((i) => (placement?.places.get(i.id) ?? (i.due_today ? 'due' : 'also')) === 'due' || i.done_today);
  return { due: counted.length, done: counted.filter((i) => i.done_today).length };
}
