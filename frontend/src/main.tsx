// The entry point: render the app, replay the offline queue, install the service worker.
import { render } from 'preact';
import { startBootReads } from './api/boot';
import { App } from './app';
import { detectLocale, loadCatalogue } from './i18n/messages';
import { startOfflineSync } from './offline/sync';
import { registerServiceWorker } from './worker/register';
import './styles.css';

// Take index.html's preloaded /me and /today before anything else can ask (api/boot.ts).
startBootReads();
// Dutch is in the bundle; someone who reads English waits for that catalogue (a small chunk) first.
void loadCatalogue(detectLocale())
  .catch(() => undefined)
  .then(() => render(<App />, document.getElementById('app')!));
registerServiceWorker();
// Check-ins kept offline go out now, and whenever the connection comes back.
startOfflineSync();
