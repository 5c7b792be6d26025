// Vitest: every catalogue loaded before any test (the app fetches English only when someone reads it).
import { loadCatalogue, loadScreenMessages } from './i18n/messages';

await loadCatalogue('en');
await loadScreenMessages(); // the app fetches it with the first screen outside the first load
