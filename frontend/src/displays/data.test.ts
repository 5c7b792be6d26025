import { describe, expect, it } from 'vitest';
import { interrupts, newCelebrations, pollAnswer, slideList, type CelebrationItem, type Slides } from './data';

function item(key: string, kind: CelebrationItem['kind'], at: string, confirmed = false): CelebrationItem {
  return { key, kind, at, confirmed, team: 'Sales Noord', badge: null, emoji: null };
}

describe('celebrations', () => {
  it('a screen switched on does not replay what is already there, then queues what is new, oldest first', () => {
    const seen = new Set<string>();
    expect(newCelebrations([item('award:1', 'award', '2026-12-01T09:00:00Z')], seen, true)).toEqual([]);
    const later = [
      item('award:3', 'award', '2026-12-02T10:05:00Z'),
      item('award:2', 'award', '2026-12-02T10:01:00Z'),
      item('award:1', 'award', '2026-12-01T09:00:00Z'),
    ];
    expect(newCelebrations(later, seen, false).map((c) => c.key)).toEqual(['award:2', 'award:3']);
    expect(newCelebrations(later, seen, false)).toEqual([]);
  });

  it('a win interrupts only once confirmed; team goals and badges always', () => {
    expect(interrupts(item('win:4', 'win', '2026-12-02T10:00:00Z'))).toBe(false);
    expect(interrupts(item('win:4:confirmed', 'win', '2026-12-02T10:00:00Z', true))).toBe(true);
    expect(interrupts(item('team_goal:5', 'team_goal', '2026-12-02T10:00:00Z'))).toBe(true);
  });
});

describe('RFC 8628 answers', () => {
  it('maps the error codes to what the screen does next', () => {
    expect(pollAnswer(400, 'authorization_pending')).toEqual({ kind: 'pending' });
    expect(pollAnswer(400, 'slow_down', 15)).toEqual({ kind: 'slow_down', interval: 15 });
    expect(pollAnswer(400, 'access_denied')).toEqual({ kind: 'denied' });
    expect(pollAnswer(400, 'expired_token')).toEqual({ kind: 'expired' });
    expect(pollAnswer(400, 'invalid_grant')).toEqual({ kind: 'expired' });
    expect(pollAnswer(503, undefined)).toEqual({ kind: 'offline' });
  });
});

describe('the rotation', () => {
  const base: Slides = {
    display: { id: 1, name: 'Kantoor', mode: 'normal', slide_seconds: 12 },
    organisation: { name: 'Demo BV', locale: 'nl', time_zone: 'Europe/Amsterdam' },
    updated_at: '2026-12-02T10:00:00Z',
    today: '2026-12-02',
    release: 'abc',
    teams: [
      { id: 7, name: 'Sales Noord', rhythm: { done: 1, due: 2, percent: 50 }, goal: null, customer_facing: [] },
    ],
    celebrations: [],
    board: [{ rank: 1, name: 'Lotte Smit', value: 57 }],
  };

  it('shows the week’s customer voices when there are any', () => {
    const voices = [{ id: 1, said_on: '2026-12-01', score: 9, channel: 'call', team: 'Sales Noord', pinned: true }];
    expect(slideList({ ...base, voices }).map((s) => s.kind)).toEqual(['rhythm', 'share', 'voices', 'board']);
    expect(slideList({ ...base, voices: [] }).map((s) => s.kind)).toEqual(['rhythm', 'share', 'board']);
  });

  it('shows a slide only when it has something, and a board only on a normal screen', () => {
    expect(slideList(base).map((s) => s.kind)).toEqual(['rhythm', 'share', 'board']);
    expect(slideList({ ...base, display: { ...base.display, mode: 'public' } }).map((s) => s.kind)).toEqual([
      'rhythm',
      'share',
    ]);
  });
});
