// Recognition coverage for managers and admins: who received no recognition lately, and which
// teams receive the least. Sales is everybody's mindset, so invisible colleagues are a signal.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Notice } from '../components/Notice';
import { Segmented } from '../components/Segmented';
import { useI18n, usePageTitle } from '../i18n/context';
import { relativeTime } from '../components/format';
import type { Coverage, CoveragePerson } from './data';
import { refusalMessage } from '../api/errors';

type Span = '30' | '90';

export function CoveragePage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  usePageTitle('recognition.coverage_title');
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [span, setSpan] = useState<Span>('30');

  useEffect(() => {
    api.get<Coverage>('/recognition/coverage').then(setCoverage, setError);
  }, []);

  const unrecognised: CoveragePerson[] = coverage ? (span === '30' ? coverage.unrecognised_30 : coverage.unrecognised_90) : [];
  return (
    <>
      <div class="page-head">
        <a class="page-head__eyebrow" href="/wins">
          ← {t('wins.title')}
        </a>
        <h1 class="page-head__title" tabIndex={-1}>
          {t('recognition.coverage_title')}
        </h1>
        <p class="page-head__intro">{t('recognition.coverage_intro')}</p>
      </div>
      {error !== null && <Notice kind="error">{refusalMessage(error, i18n)}</Notice>}
      {coverage && (
        <>
          <Segmented<Span>
            legend={t('recognition.coverage_span')}
            value={span}
            onChange={setSpan}
            options={[
              { value: '30', label: t('recognition.days_30') },
              { value: '90', label: t('recognition.days_90') },
            ]}
          />
          <section class="card" aria-labelledby="unrecognised-heading">
            <h2 class="card__title" id="unrecognised-heading">
              {t('recognition.unrecognised_title', { count: unrecognised.length })}
            </h2>
            {unrecognised.length === 0 ? (
              <p class="muted">{t('recognition.everyone_recognised')}</p>
            ) : (
              <ul class="rc-coverage">
                {unrecognised.map((person) => (
                  <li key={person.id} class="rc-coverage__person">
                    <a href={`/people/${person.id}`}>{person.name}</a>
                    <span class="muted">
                      {person.teams.join(', ')} ·{' '}
                      {person.last_recognised_at
                        ? t('recognition.last_recognised', { when: relativeTime(person.last_recognised_at, locale) })
                        : t('recognition.never_recognised')}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" aria-labelledby="teams-heading">
            <h2 class="card__title" id="teams-heading">
              {t('recognition.teams_title')}
            </h2>
            <table class="report-table rc-coverage-table">
              <thead>
                <tr>
                  <th scope="col">{t('recognition.team')}</th>
                  <th scope="col">{t('recognition.recognised_share')}</th>
                </tr>
              </thead>
              <tbody>
                {coverage.teams.map((team) => {
                  const share = span === '30' ? team.share_30 : team.share_90;
                  const count = span === '30' ? team.recognised_30 : team.recognised_90;
                  return (
                    <tr key={team.id}>
                      <th scope="row">{team.name}</th>
                      <td>
                        <span class="rc-share">
                          <span class="rc-share__bar" aria-hidden="true">
                            <span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
                          </span>
                          {t('recognition.share_of', { count, members: team.members })}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}
