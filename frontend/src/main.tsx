// The entry point: render the app, replay the offline queue, install the service worker.
import { render } from 'preact';
import type { Me } from './accounts/data';
import { startBootReads } from './api/boot';
import { keptFromLastOpen } from './api/kept';
import { App } from './app';
import { warmDateFormats } from './components/format';
import { detectLocale, loadCatalogue, warmNumbers } from './i18n/messages';
import { queueMayHoldWrites } from './offline/queue';
import { primeQueued, startOfflineSync } from './offline/sync';
import { registerServiceWorker } from './worker/register';
import './styles.css';

// Take index.html's preloaded /me and /today before anything else can ask (api/boot.ts).
startBootReads();
// Dutch is in the bundle; someone who reads English waits for that catalogue (a small chunk) first.
const locale = detectLocale();
// Opened before on this device: the first render is the signed-in Today from what was kept
// (api/kept.ts), not a splash. Then it waits for the offline queue (IndexedDB) too, but only when that
// may hold writes to lay over the day, and at most QUEUE_WAIT_MS; without anything kept (a first
// visit, after sign-out) the splash shows at once, as before.
const QUEUE_WAIT_MS = 300;
const kept = keptFromLastOpen<Me>('/me');
const queueRead = primeQueued();
const queueKnown =
  kept && queueMayHoldWrites() ? Promise.race([queueRead, new Promise((resolve) => setTimeout(resolve, QUEUE_WAIT_MS))]) : undefined;
void Promise.all([loadCatalogue(locale).catch(() => undefined), queueKnown]).then(() =>
  render(<App />, document.getElementById('app')!),
);
// Today's first render needs no Intl date format while the heading the last open kept still holds
// (rhythm/heading.ts): the first one a page builds costs 50–100 ms on a phone 4× slower. Build the
// formats, and a number format for fractions, in the first idle moment after the render.
const warmFormats = () => {
  warmNumbers(locale);
  warmDateFormats(locale === 'nl' ? 'nl-NL' : 'en-GB', kept?.time_zone);
};
if (typeof requestIdleCallback === 'undefined') setTimeout(warmFormats, 0);
else requestIdleCallback(warmFormats, { timeout: 2000 });
registerServiceWorker();
// Check-ins kept offline go out now, and whenever the connection comes back.
startOfflineSync();
