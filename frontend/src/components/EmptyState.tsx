import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/context';

/** The friendly placeholder of a feature that is not there yet. */
export function EmptyState({ icon, title, body }: { icon: ComponentChildren; title: string; body: string }) {
  const { t } = useI18n();
  return (
    <section class="empty-state card">
      <div class="empty-state__icon">{icon}</div>
      <span class="badge">{t('common.coming_soon')}</span>
      <h2 class="empty-state__title">{title}</h2>
      <p class="empty-state__body">{body}</p>
    </section>
  );
}
