import { describe, expect, it } from 'vitest';
import { feedPath } from './data';

describe('feedPath', () => {
  it('asks for everything without filters', () => {
    expect(feedPath({})).toBe('/feed');
  });
  it('combines team, mine and the cursor', () => {
    expect(feedPath({ teamId: 3, mine: true, cursor: 'abc' })).toBe('/feed?team_id=3&mine=true&cursor=abc');
  });
});
