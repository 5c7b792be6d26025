// The frame of the administration screens: a heading and the tabs People, Teams, Organisation, Audit log.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef } from 'preact/hooks';
import { Notice } from '../components/Notice';
import { Redirect } from '../components/Redirect';
import { useI18n, usePageTitle } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';

const TABS: { href: string; label: MessageKey; adminOnly: boolean }[] = [
  { href: '/admin/people', label: 'admin.tab.people', adminOnly: false },
  { href: '/admin/teams', label: 'admin.tab.teams', adminOnly: true },
  { href: '/admin/organisation', label: 'admin.tab.organisation', adminOnly: true },
  { href: '/admin/audit', label: 'admin.tab.audit', adminOnly: true },
];

export function canAdminister(role: string): boolean {
  return role === 'admin' || role === 'manager';
}

export function AdminLayout({ title, adminOnly, children }: { title: MessageKey; adminOnly?: boolean; children: ComponentChildren }) {
  const { t } = useI18n();
  const me = useMe();
  const { path } = useLocation();
  usePageTitle(title);
  const allowed = adminOnly ? me.role === 'admin' : canAdminister(me.role);
  const tabs = TABS.filter((tab) => me.role === 'admin' || !tab.adminOnly);
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
      {allowed ? children : <Notice kind="info">{t('admin.forbidden')}</Notice>}
    </div>
  );
}

/** /admin itself: the people list is where administration starts. */
export function AdminHome() {
  return <Redirect to="/admin/people" />;
}
