// The app: who sees which screen (signed in or not) and every route, each screen from its domain's folder.
import { lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { MOVED } from './admin/moved';
import { SignedOutRedirect } from './admin/FirstRun';
import { errorMessage } from './api/errors';
import { AppShell } from './components/AppShell';
import { AuthLayout } from './components/AuthLayout';
import { LogoMark } from './components/icons';
import { Notice } from './components/Notice';
import { Redirect } from './components/Redirect';
import { UpdatePrompt } from './components/UpdatePrompt';
import { I18nProvider, useI18n } from './i18n/context';
import { loadScreenMessages } from './i18n/messages';
import { TodayPage } from './rhythm/TodayPage';
import { SessionProvider, useSession } from './session';

// ---- Screens and when their code loads -----------------------------------------------------------
// Only Today (and the shell around it) is in the first load: that is what a rep opens every day, on
// a phone on a weak connection (issue 20, `make bench-web`: ≤ 60 KB of JavaScript gzip). Every
// other screen is its own chunk, fetched when it is first opened; the service worker precaches every
// chunk after the first visit, so they all open offline too.
//
// A NEW SCREEN follows the same pattern: declare it here with `screen(() => import('./<domain>/XPage'),
// 'XPage')` and use it in a <Route> below; never import a page statically in this file (or from
// Today, the shell or the session), or it joins everyone's first load. Code a screen shares with
// Today belongs in a small module of its own, not in the page file. `make bench-web` prints the bytes.
// A screen's words come with it: the Dutch outside the first load is a chunk of its own (i18n/messages.ts),
// fetched beside the screen's code, so neither waits for the other.
function screen<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  return lazy(() => Promise.all([load(), loadScreenMessages()]).then(([module]) => module[name] as never));
}

const ForgotPasswordPage = screen(() => import('./accounts/ForgotPasswordPage'), 'ForgotPasswordPage');
const InvitePage = screen(() => import('./accounts/InvitePage'), 'InvitePage');
const LoginPage = screen(() => import('./accounts/LoginPage'), 'LoginPage');
const ProfilePage = screen(() => import('./accounts/ProfilePage'), 'ProfilePage');
const ResetPasswordPage = screen(() => import('./accounts/ResetPasswordPage'), 'ResetPasswordPage');
const AdminHome = screen(() => import('./admin/AdminLayout'), 'AdminHome');
const AuditPage = screen(() => import('./admin/AuditPage'), 'AuditPage');
const OrganisationPage = screen(() => import('./admin/OrganisationPage'), 'OrganisationPage');
const PeoplePage = screen(() => import('./admin/PeoplePage'), 'PeoplePage');
const SetupPage = screen(() => import('./admin/SetupPage'), 'SetupPage');
const TeamsPage = screen(() => import('./admin/TeamsPage'), 'TeamsPage');
const NotFoundPage = screen(() => import('./components/NotFoundPage'), 'NotFoundPage');
const EnergyPage = screen(() => import('./energy/EnergyPage'), 'EnergyPage');
const PrivacyPage = screen(() => import('./energy/PrivacyPage'), 'PrivacyPage');
const CoveragePage = screen(() => import('./feed/CoveragePage'), 'CoveragePage');
const PersonPage = screen(() => import('./feed/PersonPage'), 'PersonPage');
const LeaderboardPage = screen(() => import('./leaderboards/LeaderboardPage'), 'LeaderboardPage');
const ReflectionsPage = screen(() => import('./reflections/ReflectionsPage'), 'ReflectionsPage');
const BehavioursPage = screen(() => import('./rhythm/BehavioursPage'), 'BehavioursPage');
const ImportPage = screen(() => import('./rhythm/ImportPage'), 'ImportPage');
const RhythmPage = screen(() => import('./rhythm/RhythmPage'), 'RhythmPage');
const TeamPage = screen(() => import('./teamrhythm/TeamPage'), 'TeamPage');
const ThermostatPage = screen(() => import('./thermostat/ThermostatPage'), 'ThermostatPage');
const WinsPage = screen(() => import('./wins/WinsPage'), 'WinsPage');
const ChallengesPage = screen(() => import('./challenges/ChallengesPage'), 'ChallengesPage');
const DisplayScreen = screen(() => import('./displays/DisplayScreen'), 'DisplayScreen');
const ScreensPage = screen(() => import('./displays/ScreensPage'), 'ScreensPage');
const IntegrationsPage = screen(() => import('./integrations/IntegrationsPage'), 'IntegrationsPage');
const VoicePage = screen(() => import('./voice/VoicePage'), 'VoicePage');
const WhatWorksPage = screen(() => import('./outcomes/WhatWorksPage'), 'WhatWorksPage');

/** Pages anyone may open; everything else needs a session. */
const PUBLIC_PATHS = [/^\/login\/?$/, /^\/forgot-password\/?$/, /^\/invite\/[^/]+\/?$/, /^\/reset-password\/[^/]+\/?$/, /^\/setup\/?$/];

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.some((pattern) => pattern.test(path));
}

/** Where to go after sign-in: only a path on this site, never `//evil.example`. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function App() {
  return (
    <I18nProvider>
      <LocationProvider>
        <SessionProvider>
          <Screens />
          <UpdatePrompt />
        </SessionProvider>
      </LocationProvider>
    </I18nProvider>
  );
}

function Screens() {
  const { state } = useSession();
  const { path, url, query } = useLocation();

  // The office screen is not a person: it never waits for, or becomes, a session (displays/).
  // Its code loads on its own (a lazy screen), so it sits in a Router, which waits for the chunk.
  if (/^\/display\/?$/.test(path)) {
    return (
      <Router>
        <Route path="/display" component={DisplayScreen} />
        <Route path="/display/" component={DisplayScreen} />
      </Router>
    );
  }
  if (state.status === 'loading') return <Splash />;

  if (isPublicPath(path)) {
    if (state.status === 'signedIn' && path.startsWith('/login')) return <Redirect to={safeNext(query.next)} />;
    return (
      <Router>
        <Route path="/login" component={LoginPage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/invite/:token" component={InvitePage} />
        <Route path="/reset-password/:token" component={ResetPasswordPage} />
        <Route path="/setup" component={SetupPage} />
      </Router>
    );
  }

  if (state.status === 'unreachable') return <Unreachable error={state.error} />;
  if (state.status === 'signedOut') {
    const next = url === '/' ? '' : `?next=${encodeURIComponent(url)}`;
    return <SignedOutRedirect next={next} />;
  }

  return (
    <AppShell>
      <Router onRouteChange={focusPageHeading} onLoadStart={holdLeavingScreen} onLoadEnd={releaseLeavingScreen}>
        <Route path="/" component={TodayPage} />
        <Route path="/rhythm" component={RhythmPage} />
        <Route path="/behaviours" component={Moved} />
        <Route path="/import" component={Moved} />
        <Route path="/team" component={Moved} />
        <Route path="/leaderboard" component={LeaderboardPage} />
        <Route path="/challenges" component={ChallengesPage} />
        <Route path="/thermostat" component={ThermostatPage} />
        <Route path="/wins" component={WinsPage} />
        <Route path="/voice" component={VoicePage} />
        <Route path="/what-works" component={WhatWorksPage} />
        <Route path="/people/:id" component={PersonPage} />
        <Route path="/recognition/coverage" component={CoveragePage} />
        <Route path="/reflections" component={ReflectionsPage} />
        <Route path="/energy" component={EnergyPage} />
        <Route path="/privacy" component={PrivacyPage} />
        <Route path="/me" component={ProfilePage} />
        <Route path="/admin" component={AdminHome} />
        <Route path="/admin/people" component={PeoplePage} />
        <Route path="/admin/teams" component={TeamsPage} />
        <Route path="/admin/team" component={TeamPage} />
        <Route path="/admin/behaviours" component={BehavioursPage} />
        <Route path="/admin/import" component={ImportPage} />
        <Route path="/admin/organisation" component={OrganisationPage} />
        <Route path="/admin/audit" component={AuditPage} />
        <Route path="/admin/integrations" component={IntegrationsPage} />
        <Route path="/admin/screens" component={ScreensPage} />
        <Route default component={NotFoundPage} />
      </Router>
    </AppShell>
  );
}

/** An old address of a screen that moved into Beheer: bookmarks and links keep working. */
function Moved() {
  const { path, url } = useLocation();
  const to = MOVED[path.replace(/\/$/, '')];
  // While the new address's screen loads (a chunk of its own), the router keeps showing this one
  // under the new path: then there is nothing more to redirect.
  if (!to) return null;
  return <Redirect to={`${to}${url.slice(path.length)}`} />;
}

// While the next screen's code loads, the router keeps the screen being left on view. A tap on it then
// would land on a screen about to vanish (the Wins tab's "share a win" button exists on Today too), so
// the leaving screen is inert and marked busy until the next one is there. If the chunk never comes
// (offline without a precache, a failed deploy), the screen comes back to life after a while.
const LOAD_GIVE_UP_MS = 10_000;
let giveUp: ReturnType<typeof setTimeout> | undefined;

function holdLeavingScreen() {
  const main = document.getElementById('main');
  if (!main) return;
  main.inert = true;
  main.setAttribute('aria-busy', 'true');
  clearTimeout(giveUp);
  giveUp = setTimeout(releaseLeavingScreen, LOAD_GIVE_UP_MS);
}

function releaseLeavingScreen() {
  clearTimeout(giveUp);
  const main = document.getElementById('main');
  if (!main) return;
  main.inert = false;
  main.removeAttribute('aria-busy');
}

/** After a tab change, start screen readers and keyboard users at the new page's heading. */
function focusPageHeading() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
  window.scrollTo(0, 0);
}

function Splash() {
  const { t } = useI18n();
  return (
    <div class="splash" aria-busy="true">
      <LogoMark size={64} />
      <p class="visually-hidden" role="status">
        {t('common.loading')}
      </p>
    </div>
  );
}

/** The server could not be reached and nothing was cached: say so and offer a retry. */
function Unreachable({ error }: { error: unknown }) {
  const i18n = useI18n();
  const { reload } = useSession();
  return (
    <AuthLayout title={i18n.t('unreachable.title')}>
      <Notice kind="error">{errorMessage(error, i18n)}</Notice>
      <button type="button" class="button button--primary button--block" onClick={reload}>
        {i18n.t('common.retry')}
      </button>
    </AuthLayout>
  );
}
