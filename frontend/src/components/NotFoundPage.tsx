import { LinkOffIcon } from './icons';
import { useI18n, usePageTitle } from '../i18n/context';

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle('notfound.title');
  return (
    <section class="card empty-state">
      <div class="empty-state__icon">
        <LinkOffIcon size={36} />
      </div>
      <h1 class="empty-state__title" tabIndex={-1}>
        {t('notfound.title')}
      </h1>
      <p class="empty-state__body">{t('notfound.body')}</p>
      <a class="button button--primary" href="/">
        {t('notfound.home')}
      </a>
    </section>
  );
}

