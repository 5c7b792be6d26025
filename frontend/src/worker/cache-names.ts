// Cache names shared by the service worker and the page (which empties the API cache on
// sign-out so the next person on this device never sees the previous one's data).
// Bump CACHE_VERSION when the shape of cached data changes; the worker then deletes
// every older `ritme-` cache on activation, and only those.
export const CACHE_PREFIX = 'ritme';
export const CACHE_VERSION = 'v1';
export const API_CACHE = `${CACHE_PREFIX}-api-${CACHE_VERSION}`;

/** Drop cached API answers (best effort: CacheStorage is missing on plain http). */
export async function clearApiCache(): Promise<void> {
  try {
    if (typeof caches !== 'undefined') await caches.delete(API_CACHE);
  } catch {
    // Nothing cached, nothing to clear.
  }
}

/**
 * The service worker's last good answer for an API read (`/me`, `/today`), read straight from its
 * cache, or null. The app shows it at once when it opens and asks the server at the same time
 * (issue 20: a warm open should not wait on a slow connection). Never for the first visit, nor after
 * sign-out (which empties the cache).
 */
export async function cachedApi<T>(path: string): Promise<T | null> {
  try {
    if (typeof caches === 'undefined') return null;
    const cache = await caches.open(API_CACHE);
    const answer = await cache.match(`/api/v1${path}`, { ignoreVary: true });
    return answer?.ok ? ((await answer.json()) as T) : null;
  } catch {
    return null; // no cache (plain http, private mode) or a broken entry: ask the server as usual
  }
}
