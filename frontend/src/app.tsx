// The app: who sees which screen (signed in or not) and every route, each screen from its domain's folder.
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { ForgotPasswordPage } from './accounts/ForgotPasswordPage';
import { InvitePage } from './accounts/InvitePage';
import { LoginPage } from './accounts/LoginPage';
import { ProfilePage } from './accounts/ProfilePage';
import { ResetPasswordPage } from './accounts/ResetPasswordPage';
import { AdminHome, MOVED } from './admin/AdminLayout';
import { AuditPage } from './admin/AuditPage';
import { SignedOutRedirect } from './admin/FirstRun';
import { OrganisationPage } from './admin/OrganisationPage';
import { PeoplePage } from './admin/PeoplePage';
import { SetupPage } from './admin/SetupPage';
import { TeamsPage } from './admin/TeamsPage';
import { errorMessage } from './api/errors';
import { ChallengesPage } from './challenges/ChallengesPage';
import { AppShell } from './components/AppShell';
import { AuthLayout } from './components/AuthLayout';
import { LogoMark } from './components/icons';
import { NotFoundPage } from './components/NotFoundPage';
import { Notice } from './components/Notice';
import { Redirect } from './components/Redirect';
import { UpdatePrompt } from './components/UpdatePrompt';
import { DisplayScreen } from './displays/DisplayScreen';
import { ScreensPage } from './displays/ScreensPage';
import { CoveragePage } from './feed/CoveragePage';
import { PersonPage } from './feed/PersonPage';
import { I18nProvider, useI18n } from './i18n/context';
import { IntegrationsPage } from './integrations/IntegrationsPage';
import { LeaderboardPage } from './leaderboards/LeaderboardPage';
import { ReflectionsPage } from './reflections/ReflectionsPage';
import { BehavioursPage } from './rhythm/BehavioursPage';
import { ImportPage } from './rhythm/ImportPage';
import { RhythmPage } from './rhythm/RhythmPage';
import { TodayPage } from './rhythm/TodayPage';
import { SessionProvider, useSession } from './session';
import { TeamPage } from './teamrhythm/TeamPage';
import { WinsPage } from './wins/WinsPage';
import { VoicePage } from './voice/VoicePage';
import { WhatWorksPage } from './outcomes/WhatWorksPage';

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
  if (/^\/display\/?$/.test(path)) return <DisplayScreen />;
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
      <Router onRouteChange={focusPageHeading}>
        <Route path="/" component={TodayPage} />
        <Route path="/rhythm" component={RhythmPage} />
        <Route path="/behaviours" component={Moved} />
        <Route path="/import" component={Moved} />
        <Route path="/team" component={Moved} />
        <Route path="/leaderboard" component={LeaderboardPage} />
        <Route path="/challenges" component={ChallengesPage} />
        <Route path="/wins" component={WinsPage} />
        <Route path="/voice" component={VoicePage} />
        <Route path="/what-works" component={WhatWorksPage} />
        <Route path="/people/:id" component={PersonPage} />
        <Route path="/recognition/coverage" component={CoveragePage} />
        <Route path="/reflections" component={ReflectionsPage} />
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
  const to = MOVED[path.replace(/\/$/, '')] ?? '/';
  return <Redirect to={`${to}${url.slice(path.length)}`} />;
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
