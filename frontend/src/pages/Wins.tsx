import { EmptyState } from '../components/EmptyState';
import { WinsIcon } from '../components/icons';
import { useI18n, usePageTitle } from '../i18n/context';

export function WinsPage() {
  const { t } = useI18n();
  usePageTitle('wins.title');
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('wins.title')}
        </h1>
      </div>
      <EmptyState icon={<WinsIcon size={36} />} title={t('wins.empty_title')} body={t('wins.empty_body')} />
    </>
  );
}
