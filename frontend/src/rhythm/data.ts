// The rhythm's API shapes and the pure rules of the Today screen: what the server said,
// merged with what is still waiting in the offline queue.
import type { QueueEntry } from '../offline/queue';

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
  days: { date: string; state: DayState }[];
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

function withoutCheckIn(b: TodayBehaviour): TodayBehaviour {
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
 * Lay the queue over the server's Today. Per behaviour the newest pending write for the day
 * wins: a queued check-in shows as done (pending), a queued undo as not done (pending).
 * Refused entries change nothing here; the screen lists them with their reason.
 */
export function mergeToday(today: Today, entries: readonly QueueEntry[]): TodayItem[] {
  return today.behaviours.map((b) => {
    const latest = [...entries]
      .filter((e) => e.status === 'pending' && e.behaviour_id === b.id && e.occurred_on === today.date)
      .pop();
    if (!latest) return { ...b, pending: false, checkin_client_id: b.checkin?.client_id ?? null };
    if (latest.method === 'POST') {
      const base = b.done_today ? withoutCheckIn(b) : b; // e.g. undone, then checked in again
      return { ...withCheckIn(base), pending: true, checkin_client_id: latest.client_id };
    }
    return { ...withoutCheckIn(b), pending: true, checkin_client_id: null };
  });
}

export function progress(items: readonly TodayItem[]): { due: number; done: number } {
  const counted = items.filter((i) => i.due_today || i.done_today);
  return { due: counted.length, done: counted.filter((i) => i.done_today).length };
}
