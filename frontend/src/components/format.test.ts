import { describe, expect, it } from 'vitest';
import { initials, relativeTime } from './format';

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
