import { describe, expect, it } from 'vitest';
import { initials, relativeTime } from '../components/format';
import { defaultImpact } from '../wins/LogWin';
import { feedPath } from './data';

describe('feedPath', () => {
  it('asks for everything without filters', () => {
    expect(feedPath({})).toBe('/feed');
  });
  it('combines team, mine and the cursor', () => {
    expect(feedPath({ teamId: 3, mine: true, cursor: 'abc' })).toBe('/feed?team_id=3&mine=true&cursor=abc');
  });
});

describe('defaultImpact', () => {
  it('follows the first team with a known kind', () => {
    expect(defaultImpact(['finance', 'sales'])).toBe('finance');
  });
  it('falls back to other', () => {
    expect(defaultImpact([])).toBe('other');
  });
});

describe('formatting', () => {
  it('makes initials from first and last name', () => {
    expect(initials('Femke  Peters')).toBe('FP');
    expect(initials('Anouk de Vries')).toBe('AV');
  });
  it('says minutes ago in Dutch', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(relativeTime('2026-11-22T11:55:00Z', 'nl', now)).toBe('5 minuten geleden');
  });
});
