// Install the service worker and tell the UI when a new version is waiting.
// The waiting worker only takes over when the user says so (see UpdatePrompt).
import { Workbox } from 'workbox-window';

type UpdateListener = (applyUpdate: (() => void) | null) => void;

let pendingUpdate: (() => void) | null = null;
const listeners = new Set<UpdateListener>();

function announce(applyUpdate: (() => void) | null) {
  pendingUpdate = applyUpdate;
  listeners.forEach((listener) => listener(applyUpdate));
}

/** Subscribe to "an update is ready"; the callback gets a function that applies it. */
export function onUpdateReady(listener: UpdateListener): () => void {
  listeners.add(listener);
  listener(pendingUpdate);
  return () => listeners.delete(listener);
}

const controlListeners = new Set<() => void>();

/**
 * Told when the first worker on this device takes charge of the page (see sw.ts): what the page
 * read before then went past the worker, so the screens read it again for the worker to cache.
 */
export function onWorkerControl(listener: () => void): () => void {
  controlListeners.add(listener);
  return () => controlListeners.delete(listener);
}

export function registerServiceWorker(): void {
  // The dev server has no built worker; a stale one would only get in the way there.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;

  const workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => {
    announce(() => {
      // Reload once the new worker controls the page, so page and worker match again.
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });
  workbox.addEventListener('controlling', (event) => {
    if (!event.isUpdate) controlListeners.forEach((listener) => listener());
  });
  void workbox.register();

  // An installed PWA can stay open for days: look for a new version when it comes back.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox.update();
  });
}
