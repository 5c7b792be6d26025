import { describe, expect, it } from 'vitest';
import type { QueueEntry, QueueRequest } from '../offline/queue';
import {
  checkInRequest,
  isoWithOffset,
  localDate,
  mergeToday,
  progress,
  streakAfterCheckIn,
  undoRequest,
  type CheckInMeta,
  type Today,
  type TodayBehaviour,
} from './data';
import { sparklinePoints } from './RhythmPage';

function behaviour(overrides: Partial<TodayBehaviour> = {}): TodayBehaviour {
  return {
    id: 1,
    name: 'Alle beloftes nagekomen',
    description: '',
    icon: '✅',
    points: 5,
    cadence: 'daily',
    times_per_week: null,
    customer_facing: true,
    checklist: [],
    due_today: true,
    done_today: false,
    checkin: null,
    streak: { current: 4, longest: 9, unit: 'day' },
    consistency: 60,
    week_done: 0,
    week_target: 0,
    ...overrides,
  };
}

function today(behaviours: TodayBehaviour[]): Today {
  return { date: '2026-11-22', time_zone: 'Europe/Amsterdam', away: false, summary: { due: 0, done: 0 }, behaviours };
}

const queued = (request: QueueRequest<CheckInMeta>): QueueEntry<CheckInMeta> => ({
  ...request,
  attempts: 0,
  failures: 0,
  retry_at: null,
  queued_at: '2026-11-22T09:00:00.000Z',
});

const post = (behaviour_id: number, client_id = `c-${behaviour_id}`, occurred_on = '2026-11-22') =>
  queued(checkInRequest({ behaviour_id, client_id, occurred_on, recorded_at: '2026-11-22T10:00:00.000+01:00' }));

describe('streak prediction', () => {
  it('grows a day streak by one when the behaviour is due', () => {
    expect(streakAfterCheckIn(behaviour())).toEqual({ current: 5, longest: 9, unit: 'day' });
    expect(streakAfterCheckIn(behaviour({ streak: { current: 9, longest: 9, unit: 'day' } })).longest).toBe(10);
  });

  it('leaves it when the behaviour is not due today', () => {
    expect(streakAfterCheckIn(behaviour({ due_today: false })).current).toBe(4);
  });

  it('grows a week streak only with the check-in that meets the target', () => {
    const weekly = { cadence: 'times_per_week' as const, streak: { current: 2, longest: 2, unit: 'week' as const }, week_target: 2 };
    expect(streakAfterCheckIn(behaviour({ ...weekly, week_done: 0 })).current).toBe(2);
    expect(streakAfterCheckIn(behaviour({ ...weekly, week_done: 1 })).current).toBe(3);
  });
});

describe('mergeToday', () => {
  it('shows a queued check-in as done and pending', () => {
    const [item] = mergeToday(today([behaviour()]), [post(1)]);
    expect(item).toMatchObject({ done_today: true, pending: true, checkin_client_id: 'c-1' });
    expect(item.streak.current).toBe(5);
  });

  it('shows a queued undo of a stored check-in as not done', () => {
    const done = behaviour({
      done_today: true,
      streak: { current: 5, longest: 9, unit: 'day' },
      checkin: { id: 3, client_id: 'c-1', occurred_on: '2026-11-22', late: false, note: null, quality: null, quality_score: null, points: 5, received_at: '', recorded_at: null },
    });
    const undo = queued(undoRequest({ behaviour_id: 1, occurred_on: '2026-11-22', server_id: 3 }, { newId: () => 'u-1' }));
    const [item] = mergeToday(today([done]), [undo]);
    expect(item).toMatchObject({ done_today: false, pending: true, checkin_client_id: null });
    expect(item.streak.current).toBe(4);
  });

  it('ignores refused entries and entries of another day', () => {
    // A refused check-in is no longer in the queue (it waits in `refused`, see offline/queue.test.ts),
    // and a queued win is not a check-in: neither changes Today.
    const win: QueueEntry = { ...post(1, 'w-1'), kind: 'win', meta: { text: 'Deal' } };
    const yesterday = post(1, 'c-y', '2026-11-21');
    const [item] = mergeToday(today([behaviour()]), [win, yesterday]);
    expect(item).toMatchObject({ done_today: false, pending: false });
  });

  it('counts progress over what is due plus what was done anyway', () => {
    const items = mergeToday(today([behaviour(), behaviour({ id: 2, due_today: false }), behaviour({ id: 3, due_today: false })]), [post(2)]);
    expect(progress(items)).toEqual({ due: 2, done: 1 });
  });
});

describe('sparkline', () => {
  it('maps 0–100 onto the height, first point left, last right', () => {
    expect(sparklinePoints([0, 100], 100, 40, 0)).toBe('0.0,40.0 100.0,0.0');
  });
});

describe('dates', () => {
  it('writes the device instant with its offset', () => {
    expect(isoWithOffset(new Date('2026-11-22T09:30:00Z'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it('finds the local date in the user time zone', () => {
    expect(localDate(new Date('2026-11-22T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-11-23');
    expect(localDate(new Date('2026-11-22T23:30:00Z'), 'America/New_York')).toBe('2026-11-22');
  });
});
