import { describe, expect, it } from 'vitest';
import { dayFrame, frameHolds, greetingKey, hourIn } from './heading';

const AMSTERDAM = 'Europe/Amsterdam';

describe('dayFrame: until when a kept heading holds', () => {
  it('holds until the greeting changes (a winter morning in Amsterdam: noon is 11:00 UTC)', () => {
    const frame = dayFrame(AMSTERDAM, 'nl', new Date('2026-12-03T08:15:00Z'));
    expect(frame).toMatchObject({ date: '2026-12-03', greeting: 'greeting.morning', longDate: 'donderdag 3 december' });
    expect(new Date(frame.until).toISOString()).toBe('2026-12-03T11:00:00.000Z');
  });

  it('holds until midnight where the user lives, not where the phone is (the evening in New York)', () => {
    const frame = dayFrame('America/New_York', 'en', new Date('2026-12-04T02:30:00Z'));
    expect(frame).toMatchObject({ date: '2026-12-03', greeting: 'greeting.evening', longDate: 'Thursday 3 December' });
    expect(new Date(frame.until).toISOString()).toBe('2026-12-04T05:00:00.000Z');
  });

  it('counts the hour that is skipped when the clocks go forward (29 March 2026)', () => {
    // 01:00 CET is evening; 05:00 CEST comes 3 hours later, not 4.
    const frame = dayFrame(AMSTERDAM, 'nl', new Date('2026-03-29T00:00:00Z'));
    expect(frame.greeting).toBe('greeting.evening');
    expect(new Date(frame.until).toISOString()).toBe('2026-03-29T03:00:00.000Z');
  });

  it('counts the hour that comes twice when the clocks go back (25 October 2026)', () => {
    // 01:00 CEST is evening; 05:00 CET comes 5 hours later.
    const frame = dayFrame(AMSTERDAM, 'nl', new Date('2026-10-24T23:00:00Z'));
    expect(frame.date).toBe('2026-10-25');
    expect(new Date(frame.until).toISOString()).toBe('2026-10-25T04:00:00.000Z');
  });

  it('finds a change on a quarter hour (Kathmandu, UTC+05:45)', () => {
    const frame = dayFrame('Asia/Kathmandu', 'en', new Date('2026-12-03T05:00:00Z'));
    expect(frame.greeting).toBe('greeting.morning');
    expect(new Date(frame.until).toISOString()).toBe('2026-12-03T06:15:00.000Z');
  });

  it('agrees with Intl at every hour of a year, across both DST changes', () => {
    const start = Date.parse('2026-01-01T00:17:00Z');
    let frame = dayFrame(AMSTERDAM, 'nl', new Date(start));
    for (let at = start; at < start + 365 * 24 * 3600_000; at += 3600_000) {
      const now = new Date(at);
      if (!frameHolds(frame, AMSTERDAM, 'nl', now)) frame = dayFrame(AMSTERDAM, 'nl', now);
      expect(frame.greeting).toBe(greetingKey(hourIn(AMSTERDAM, now)));
      expect(frame.date).toBe(dayFrame(AMSTERDAM, 'nl', now).date);
    }
  });
});

describe('frameHolds', () => {
  const at = new Date('2026-12-03T08:15:00Z');
  const frame = dayFrame(AMSTERDAM, 'nl', at);

  it('holds from its moment until just before the change', () => {
    expect(frameHolds(frame, AMSTERDAM, 'nl', at)).toBe(true);
    expect(frameHolds(frame, AMSTERDAM, 'nl', new Date(frame.until - 1))).toBe(true);
    expect(frameHolds(frame, AMSTERDAM, 'nl', new Date(frame.until))).toBe(false);
  });

  it('does not hold before its moment (a clock set back), in another zone or language, or when nothing was kept', () => {
    expect(frameHolds(frame, AMSTERDAM, 'nl', new Date(at.getTime() - 1))).toBe(false);
    expect(frameHolds(frame, 'Europe/London', 'nl', at)).toBe(false);
    expect(frameHolds(frame, AMSTERDAM, 'en', at)).toBe(false);
    expect(frameHolds(null, AMSTERDAM, 'nl', at)).toBe(false);
  });
});
