import { describe, expect, it } from 'vitest';
import type { Duel } from './data';
import { addDays, otherOf, timeLeft } from './data';

describe('challenges data', () => {
  it('says the time left in the largest whole unit', () => {
    expect(timeLeft(3 * 86400 + 5)).toEqual({ unit: 'days', count: 3 });
    expect(timeLeft(7200)).toEqual({ unit: 'hours', count: 2 });
    expect(timeLeft(59)).toEqual({ unit: 'minutes', count: 1 });
  });

  it('adds days across a month end', () => {
    expect(addDays('2026-11-28', 6)).toBe('2026-12-04');
  });

  it('names the other one of a duel: my opponent, my challenger, or for a colleague’s duel the opponent', () => {
    const duel = (role: Duel['role']) =>
      ({ role, challenger: { id: 1, name: 'Thijs' }, opponent: { id: 2, name: 'Fleur' } }) as Duel;
    expect(otherOf(duel('challenger')).name).toBe('Fleur');
    expect(otherOf(duel('opponent')).name).toBe('Thijs');
    expect(otherOf(duel(null)).name).toBe('Fleur');
  });
});
