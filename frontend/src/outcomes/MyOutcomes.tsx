// My figures (Mijn cijfers), on My rhythm: my own weekly outcome figures, and my own "Wat werkt" — my strong
// and weak weeks compared on them, with the team's statistics and minimum sample. Only I see this; my
// manager sees the team's total. Shown once I have a figure.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { ComparisonText } from './ComparisonText';
import { byBehaviour, byWeek, loadMine, loadMyWhatWorks, type MyFigure, type WhatWorks } from './data';
import './outcomes.css';

const SHOWN_WEEKS = 8;

export function MyOutcomes() {
  const { t, n, locale } = useI18n();
  const [figures, setFigures] = useState<MyFigure[] | null>(null);
  const [analysis, setAnalysis] = useState<WhatWorks | null>(null);

  useEffect(() => {
    loadMine().then(setFigures, () => setFigures([]));
    loadMyWhatWorks(26).then(setAnalysis, () => setAnalysis(null));
  }, []);

  if (!figures || figures.length === 0) return null;
  const weekFormat = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const groups = byWeek(figures).slice(0, SHOWN_WEEKS);

  return (
    <section class="card my-outcomes" aria-labelledby="my-outcomes-heading">
      <h2 class="card__title" id="my-outcomes-heading">
        {t('myoutcomes.title')}
      </h2>
      <p class="muted">{t('myoutcomes.private')}</p>
      <dl class="my-outcomes__weeks">
        {groups.map((group) => (
          <div class="my-outcomes__week" key={group.week}>
            <dt>{t('myoutcomes.week_of', { day: weekFormat.format(new Date(`${group.week}T00:00:00Z`)) })}</dt>
            {group.figures.map((figure) => (
              <dd key={figure.measure_id}>
                <span>{figure.measure_name}</span> <strong>{n(figure.value)}</strong>
                {figure.source === 'crm' && <span class="badge badge--muted">{t(`myoutcomes.source.${figure.source}` as MessageKey)}</span>}
              </dd>
            ))}
          </div>
        ))}
      </dl>
      {analysis && analysis.rows.length > 0 && (
        <>
          <h3 class="subheading">{t('myoutcomes.what_works')}</h3>
          <p class="muted">{t('myoutcomes.caveat')}</p>
          {byBehaviour(analysis.rows).map((group) => (
            <div class="my-outcomes__behaviour" key={group.id}>
              <p class="my-outcomes__behaviour-name">{group.name}</p>
              <dl class="ww-list">
                {group.rows.map((row) => (
                  <div class="ww-row" key={`${row.outcome_kind}-${row.outcome_id ?? 0}`}>
                    <dt>{row.outcome_name}</dt>
                    <dd>
                      <ComparisonText c={row.comparison} minWeeks={analysis.min_weeks} minPerGroup={analysis.min_per_group} />
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
