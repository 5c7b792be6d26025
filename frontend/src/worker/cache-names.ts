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
