// The entry point: render the app, replay the offline queue, install the service worker.
import { render } from 'preact';
import { startBootReads } from './api/boot';
import { App } from './app';
import { warmDateFormats } from './components/format';
import { detectLocale, loadCatalogue, warmNumbers } from './i18n/messages';
import { startOfflineSync } from './offline/sync';
import { registerServiceWorker } from './worker/register';
import './styles.css';

// Take index.html's preloaded /me and /today before anything else can ask (api/boot.ts).
startBootReads();
// Dutch is in the bundle; someone who reads English waits for that catalogue (a small chunk) first.
const locale = detectLocale();
void loadCatalogue(locale)
  .catch(() => undefined)
  .then(() => render(<App />, document.getElementById('app')!));
// While the app waits for who is signed in and for Today (the network, the worker's cache, IndexedDB),
// build the number and date formats Today's first render needs; built then, they cost that render
// nothing (issue 20: on a phone 4× slower they were a good part of a warm open).
setTimeout(() => {
  warmNumbers(locale);
  warmDateFormats(locale === 'nl' ? 'nl-NL' : 'en-GB');
}, 0);
registerServiceWorker();
// Check-ins kept offline go out now, and whenever the connection comes back.
startOfflineSync();
