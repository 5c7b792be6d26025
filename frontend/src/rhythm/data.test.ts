import { describe, expect, it } from 'vitest';
import { checkInEntry, type QueueEntry } from '../offline/queue';
import { mergeToday, progress, streakAfterCheckIn, type Today, type TodayBehaviour } from './data';
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

const post = (behaviour_id: number, client_id = `c-${behaviour_id}`): QueueEntry =>
  checkInEntry({ behaviour_id, client_id, occurred_on: '2026-11-22', recorded_at: '2026-11-22T10:00:00.000+01:00' });

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
    const undo: QueueEntry = { ...post(1, 'u-1'), method: 'DELETE', path: '/checkins/3', body: undefined, undo_of: 'c-1' };
    const [item] = mergeToday(today([done]), [undo]);
    expect(item).toMatchObject({ done_today: false, pending: true, checkin_client_id: null });
    expect(item.streak.current).toBe(4);
  });

  it('ignores refused entries and entries of another day', () => {
    const refused = { ...post(1), status: 'refused' as const };
    const yesterday = { ...post(1, 'c-y'), occurred_on: '2026-11-21' };
    const [item] = mergeToday(today([behaviour()]), [refused, yesterday]);
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
