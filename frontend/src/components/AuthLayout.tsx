import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/context';
import { LogoMark } from './icons';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame for everything before sign-in: language switch, brand, one card. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ComponentChildren; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <div class="auth">
      <header class="auth__top">
        <LanguageSwitch />
      </header>
      <main id="main" class="auth__main">
        <div class="auth__hero">
          <LogoMark size={64} />
          <p class="auth__wordmark">{t('app.name')}</p>
          <p class="auth__tagline">{t('app.tagline')}</p>
        </div>
        <section class="card auth__card">
          <h1 class="auth__title">{title}</h1>
          {intro && <p class="auth__intro">{intro}</p>}
          {children}
        </section>
      </main>
    </div>
  );
}
