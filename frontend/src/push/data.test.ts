import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, enableReminders, offerWanted, pushState, pushSupported, sameBytes } from './data';

// A VAPID public key as the server hands it out: base64url, unpadded, an uncompressed P-256 point.
const KEY = 'BIxRh56F36dAIAvXUZjLEmMiSi8Spu5FycloPc_BUlQ1AqxMGiN8beyG4Qq-JN7jRzqOeAl6VwBuMIxR7VztZu0';

describe('VAPID key bytes', () => {
  it('decode base64url without padding into the 65-byte point subscribe() needs', () => {
    const bytes = base64UrlToBytes(KEY);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });

  it('recognise the same key whether it comes as a buffer or a view', () => {
    const bytes = base64UrlToBytes(KEY);
    expect(sameBytes(bytes.buffer, bytes)).toBe(true);
    expect(sameBytes(new Uint8Array(bytes), bytes)).toBe(true);
    const other = base64UrlToBytes(KEY);
    other[64] ^= 1;
    expect(sameBytes(other, bytes)).toBe(false);
    expect(sameBytes(null, bytes)).toBe(false);
  });
});

describe('without Push support', () => {
  it('says so and never asks for permission', async () => {
    expect(pushSupported()).toBe(false);
    expect(await pushState()).toBe('unsupported');
    expect(await enableReminders()).toBe('unsupported');
  });
});

describe('the reminder offer on Today', () => {
  it('comes after the tap that finishes the day, online', () => {
    expect(offerWanted({ tapped: true, online: true, due: 4, done: 4 })).toBe(true);
  });

  it('waits while there is still something to tap, and never comes on load or offline', () => {
    expect(offerWanted({ tapped: true, online: true, due: 4, done: 1 })).toBe(false);
    expect(offerWanted({ tapped: false, online: true, due: 4, done: 4 })).toBe(false);
    expect(offerWanted({ tapped: true, online: false, due: 4, done: 4 })).toBe(false);
    expect(offerWanted({ tapped: true, online: true, due: 0, done: 0 })).toBe(false);
  });
});
