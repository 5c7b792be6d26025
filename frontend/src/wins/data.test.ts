import { describe, expect, it } from 'vitest';
import { defaultImpact } from './data';

describe('defaultImpact', () => {
  it('follows the first team with a known kind', () => {
    expect(defaultImpact(['finance', 'sales'])).toBe('finance');
  });
  it('falls back to other', () => {
    expect(defaultImpact([])).toBe('other');
  });
});
