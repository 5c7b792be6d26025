import { describe, expect, it } from 'vitest';
import type { QueueEntry, QueueRequest } from '../offline/queue';
import {
  addDays,
  backFillable,
  backFillRequest,
  checkInRequest,
  historyToday,
  queuedCheckIns,
  isoWithOffset,
  localDate,
  mergeToday,
  placeItems,
  progress,
  sections,
  streakAfterCheckIn,
  undoRequest,
  withCheckIn,
  withoutCheckIn,
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

describe('Today keeps its cards where they were for the visit', () => {
  // A times-per-week behaviour one check-in short of its target, a daily one and an optional one.
  const weekly = behaviour({ id: 7, cadence: 'times_per_week', times_per_week: 3, week_target: 3, week_done: 2, streak: { current: 1, longest: 1, unit: 'week' } });
  const morning = [behaviour({ id: 1 }), weekly, behaviour({ id: 3, due_today: false })];
  const first = placeItems('2026-11-22', morning, null);

  it('keeps a behaviour that reaches its target in the day list after the server says it is no longer due', () => {
    const answer = [behaviour({ id: 1 }), { ...withCheckIn(weekly), due_today: false }, behaviour({ id: 3, due_today: false })];
    const placement = placeItems('2026-11-22', answer, first);
    expect(sections(answer, placement).due.map((b) => b.id)).toEqual([1, 7]);
    expect(sections(answer, placement).also.map((b) => b.id)).toEqual([3]);
    expect(progress(answer, placement)).toEqual({ due: 2, done: 1 });
  });

  it('counts against the morning list when a check-in is taken back (never "all done")', () => {
    // Everything else done, then the weekly one undone: the server's stale copy says not due.
    const answer = [behaviour({ id: 1, done_today: true }), { ...weekly, due_today: false }, behaviour({ id: 3, due_today: false })];
    expect(progress(answer)).toEqual({ due: 1, done: 1 }); // what the screen said before: "1 van 1"
    expect(progress(answer, placeItems('2026-11-22', answer, first))).toEqual({ due: 2, done: 1 });
  });

  it('places what was done earlier today in the day list on a fresh visit, and re-sorts on a new day', () => {
    const later = [behaviour({ id: 1 }), { ...withCheckIn(weekly), due_today: false }, behaviour({ id: 3, due_today: false })];
    expect(sections(later, placeItems('2026-11-22', later, null)).due.map((b) => b.id)).toEqual([1, 7]);
    const nextDay = [behaviour({ id: 1 }), { ...weekly, due_today: false }, behaviour({ id: 3, due_today: false })];
    expect(sections(nextDay, placeItems('2026-11-23', nextDay, first)).due.map((b) => b.id)).toEqual([1]);
  });

  it('places a behaviour first seen later by its own state', () => {
    const answer = [...morning, behaviour({ id: 9, due_today: false })];
    expect(placeItems('2026-11-22', answer, first).places.get(9)).toBe('also');
  });

  it('shows an undo the server has done exactly as it showed it queued (no flicker back to done)', () => {
    const done = withCheckIn(weekly);
    const undo = queued(undoRequest({ behaviour_id: 7, occurred_on: '2026-11-22', server_id: 3 }, { newId: () => 'u-1' }));
    const [whileQueued] = mergeToday(today([done]), [undo]);
    const [afterSent] = mergeToday(today([withoutCheckIn(done)]), []);
    expect(afterSent).toMatchObject({ done_today: false, week_done: whileQueued.week_done, streak: whileQueued.streak });
  });
});

describe('back-filling yesterday', () => {
  it('offers yesterday when it was missed or left open, nothing older, nothing done, away or at rest', () => {
    expect(backFillable('missed', '2026-11-21', '2026-11-22')).toBe(true);
    expect(backFillable('open', '2026-11-21', '2026-11-22')).toBe(true);
    expect(backFillable('missed', '2026-11-20', '2026-11-22')).toBe(false);
    for (const state of ['done', 'away', 'rest', 'today', 'future'] as const) expect(backFillable(state, '2026-11-21', '2026-11-22')).toBe(false);
    expect(backFillable('open', '2026-11-22', '2026-11-22')).toBe(false);
  });

  it("crosses months and years by the calendar", () => {
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(backFillable('missed', '2026-02-28', '2026-03-01')).toBe(true);
  });

  it("finds the server's today in the heat map: the last day not in the future", () => {
    const days = [
      { date: '2026-11-21', state: 'missed' as const },
      { date: '2026-11-22', state: 'done' as const },
      { date: '2026-11-23', state: 'future' as const },
    ];
    expect(historyToday({ since: '', until: '', behaviours: [{ id: 1, name: '', icon: '', cadence: 'daily', times_per_week: null, streak: { current: 0, longest: 0, unit: 'day' }, consistency: 0, days, trend: [] }] })).toBe('2026-11-22');
    expect(historyToday({ since: '', until: '', behaviours: [] })).toBeNull();
  });

  it('is an ordinary check-in of the queue for that day, tapped now', () => {
    const request = backFillRequest({ id: 4, name: 'Opgevolgd' }, '2026-11-21', new Date('2026-11-22T08:00:00Z'), 'nl');
    expect(request).toMatchObject({ kind: 'checkin', method: 'POST', path: '/checkins', key: 'checkin:4:2026-11-21', meta: { behaviour_id: 4, occurred_on: '2026-11-21' } });
    expect(request.body).toMatchObject({ behaviour_id: 4, occurred_on: '2026-11-21' });
    expect((request.body as { recorded_at: string }).recorded_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('shows a waiting back-fill as done until an undo of the same day follows it', () => {
    const fill = queued(backFillRequest({ id: 4, name: 'x' }, '2026-11-21', new Date()));
    expect(queuedCheckIns([fill])).toEqual(new Set(['4:2026-11-21']));
    const undo = queued(undoRequest({ behaviour_id: 4, occurred_on: '2026-11-21' }, { newId: () => 'u' }));
    expect(queuedCheckIns([fill, undo]).size).toBe(0);
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
