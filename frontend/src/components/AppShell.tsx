import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { BottomNav } from './BottomNav';
import { LogoMark } from './icons';

/** The signed-in frame: app bar, the page, and the tab bar. */
export function AppShell({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  const me = useMe();
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('common.skip_to_content')}
      </a>
      <header class="app-bar">
        <div class="app-bar__inner">
          <a href="/" class="brand">
            <LogoMark size={30} />
            <span class="brand__name">{t('app.name')}</span>
          </a>
          <span class="app-bar__org">{me.organisation.name}</span>
        </div>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        {children}
      </main>
      <BottomNav />
    </div>
  );
}
