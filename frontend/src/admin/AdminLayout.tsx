// The frame of the administration screens (Beheer): a heading and the tabs. Managers see People, Team
// rhythm and Behaviours; admins also Teams, Import, Organisation and the Audit log.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import { Notice } from '../components/Notice';
import { Redirect } from '../components/Redirect';
import { useI18n, usePageTitle } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';
import { FirstRunChecklist } from './FirstRun';

const TABS: { href: string; label: MessageKey; adminOnly: boolean }[] = [
  { href: '/admin/people', label: 'admin.tab.people', adminOnly: false },
  { href: '/admin/teams', label: 'admin.tab.teams', adminOnly: true },
  { href: '/admin/team', label: 'admin.tab.team', adminOnly: false },
  { href: '/admin/behaviours', label: 'admin.tab.behaviours', adminOnly: false },
  { href: '/admin/import', label: 'admin.tab.import', adminOnly: true },
  { href: '/admin/organisation', label: 'admin.tab.organisation', adminOnly: true },
  { href: '/admin/audit', label: 'admin.tab.audit', adminOnly: true },
  { href: '/admin/integrations', label: 'integrations.tab', adminOnly: true },
  { href: '/admin/screens', label: 'admin.tab.screens', adminOnly: false },
];

export { MOVED } from './moved';

export function canAdminister(role: string): boolean {
  return role === 'admin' || role === 'manager';
}

export function AdminLayout({
  title,
  adminOnly,
  forbidden = 'admin.forbidden',
  children,
}: {
  title: MessageKey;
  adminOnly?: boolean;
  /** What someone who may not see this page is told. */
  forbidden?: MessageKey;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  const me = useMe();
  const { path } = useLocation();
  usePageTitle(title);
  const allowed = adminOnly ? me.role === 'admin' : canAdminister(me.role);
  const tabs = canAdminister(me.role) ? TABS.filter((tab) => me.role === 'admin' || !tab.adminOnly) : [];
  const strip = useRef<HTMLUListElement>(null);
  useEffect(() => {
    // On a phone the strip scrolls: keep the current tab in sight.
    strip.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [path]);
  return (
    <div class="admin">
      <div class="page-head">
        <p class="page-head__eyebrow">{t('admin.title')}</p>
        <h1 class="page-head__title" tabIndex={-1}>
          {t(title)}
        </h1>
      </div>
      {tabs.length > 1 && (
        <nav class="admin-tabs" aria-label={t('admin.tabs_label')}>
          <ul class="admin-tabs__list" ref={strip}>
            {tabs.map((tab) => (
              <li key={tab.href}>
                <a class="admin-tabs__tab" href={tab.href} aria-current={path === tab.href ? 'page' : undefined}>
                  {t(tab.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {allowed && me.role === 'admin' && <FirstRunChecklist />}
      {allowed ? children : <Notice kind="info">{t(forbidden)}</Notice>}
    </div>
  );
}

/** /admin itself: an admin starts at the people list, a manager at the team's rhythm. */
export function AdminHome() {
  const me = useMe();
  return <Redirect to={me.role === 'admin' ? '/admin/people' : '/admin/team'} />;
}
