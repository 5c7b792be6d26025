import { EmptyState } from '../components/EmptyState';
import { LeaderboardIcon } from '../components/icons';
import { useI18n, usePageTitle } from '../i18n/context';

export function LeaderboardPage() {
  const { t } = useI18n();
  usePageTitle('leaderboard.title');
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('leaderboard.title')}
        </h1>
      </div>
      <EmptyState
        icon={<LeaderboardIcon size={36} />}
        title={t('leaderboard.empty_title')}
        body={t('leaderboard.empty_body')}
      />
    </>
  );
}
