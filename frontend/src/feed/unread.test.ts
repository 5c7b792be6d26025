import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { applyAppBadge, badgeText, onUnread, refreshUnread, setUnread, unreadCount } from './unread';

describe('the app icon badge', () => {
  it('shows the count and clears at zero', async () => {
    const badging = { setAppBadge: vi.fn(() => Promise.resolve()), clearAppBadge: vi.fn(() => Promise.resolve()) };
    await applyAppBadge(badging, 3);
    expect(badging.setAppBadge).toHaveBeenCalledWith(3);
    await applyAppBadge(badging, 0);
    expect(badging.clearAppBadge).toHaveBeenCalledTimes(1);
  });

  it('does nothing where the Badging API is missing or refuses', async () => {
    await expect(applyAppBadge(undefined, 2)).resolves.toBeUndefined();
    await expect(applyAppBadge({}, 2)).resolves.toBeUndefined();
    await expect(applyAppBadge({ setAppBadge: () => Promise.reject(new Error('NotAllowedError')) }, 2)).resolves.toBeUndefined();
  });
});

describe('the unread count', () => {
  afterEach(() => {
    setUnread(0);
    vi.restoreAllMocks();
  });

  it('caps the tab bubble at 9+', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(9)).toBe('9');
    expect(badgeText(12)).toBe('9+');
  });

  it('comes from the server and tells whoever shows it; reading clears it', async () => {
    vi.spyOn(api, 'get').mockResolvedValue({ unread: 4 });
    const seen: number[] = [];
    const stop = onUnread((count) => seen.push(count));
    await refreshUnread();
    expect(api.get).toHaveBeenCalledWith('/notifications/unread');
    expect(unreadCount()).toBe(4);
    setUnread(0);
    stop();
    expect(seen).toEqual([4, 0]);
  });

  it('keeps the last count when the server cannot be asked', async () => {
    setUnread(2);
    vi.spyOn(api, 'get').mockRejectedValue(new Error('offline'));
    await refreshUnread();
    expect(unreadCount()).toBe(2);
  });
});
