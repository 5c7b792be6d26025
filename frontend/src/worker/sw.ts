/// <reference lib="webworker" />
// Ritme's service worker (built to /sw.js). The page installs it (register.ts); a new version waits until
// the user accepts the "update available" prompt, which posts SKIP_WAITING — never silently,
// so an open form is not swapped out from under someone.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { cacheNames, setCacheNameDetails } from 'workbox-core';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { API_CACHE, CACHE_PREFIX, CACHE_VERSION } from './cache-names';
import { replay, SYNC_TAG } from '../offline/queue';
import '../push/sw-push';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null } | string>;
};

setCacheNameDetails({ prefix: CACHE_PREFIX, suffix: CACHE_VERSION });

// The app shell: every built file, with revisions the build injects. Workbox fetches only
// changed files and keeps the old set until this worker activates.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any navigation (/, /me, /invite/abc…) gets the precached index.html, so the app opens
// offline; the API is never answered with HTML.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// Reads from the API: fresh when the network answers within a few seconds, otherwise the
// last good answer. Auth endpoints (CSRF tokens, invite and reset links) are never cached.
// Only GET is routed, so writes always go straight to the network and are never cached.
registerRoute(
  ({ url, request }) =>
    request.method === 'GET' &&
    url.origin === self.location.origin &&
    url.pathname.startsWith('/api/v1/') &&
    !url.pathname.startsWith('/api/v1/auth/') &&
    // An office screen must see that it is offline (and say so), not yesterday's answer.
    !url.pathname.startsWith('/api/v1/display/') &&
    // Personal and organisation exports must never sit in a cache on the device.
    !/^\/api\/v1\/(me|admin)\/export/.test(url.pathname),
  new NetworkFirst({ cacheName: API_CACHE, networkTimeoutSeconds: 4 }),
  'GET',
);

// Background Sync: the browser wakes the worker once it is online again, and the worker sends
// the same IndexedDB queue the page sends (one implementation, one lock; see offline/queue.ts).
// Rejecting when writes are still waiting (offline, or the server's trouble) tells the browser to
// try again later.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    replay().then((report) => {
      if (report.remaining > 0) throw new Error('Ritme: writes still waiting for the server');
    }),
  );
}) as EventListener);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The very first worker on this device takes charge of the page that installed it at once, so the
// first visit (usually: sign in, then Today) is already cached and the app opens offline afterwards.
// Only the first: a later version still waits for the person's "reload" (UpdatePrompt).
let firstInstall = false;
self.addEventListener('install', () => {
  firstInstall = !self.registration.active;
});

// Delete our own caches from older versions, and nothing that belongs to anyone else.
self.addEventListener('activate', (event) => {
  const current = new Set([cacheNames.precache, cacheNames.runtime, API_CACHE]);
  if (firstInstall) event.waitUntil(self.clients.claim());
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(`${CACHE_PREFIX}-`) && !current.has(key))
            .map((key) => caches.delete(key)),
        ),
      ),
  );
});
