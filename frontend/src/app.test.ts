import { describe, expect, it } from 'vitest';
import { isPublicPath, safeNext } from './app';

describe('routing rules', () => {
  it('lets anyone open sign-in, invite and reset pages', () => {
    expect(isPublicPath('/login')).toBe(true);
    expect(isPublicPath('/forgot-password')).toBe(true);
    expect(isPublicPath('/invite/abc123')).toBe(true);
    expect(isPublicPath('/reset-password/abc123')).toBe(true);
  });

  it('keeps the app itself behind sign-in', () => {
    for (const path of ['/', '/leaderboard', '/wins', '/me', '/invite', '/unknown']) {
      expect(isPublicPath(path)).toBe(false);
    }
  });

  it('returns after sign-in only to a path on this site', () => {
    expect(safeNext('/wins')).toBe('/wins');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/login?next=/login')).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});
