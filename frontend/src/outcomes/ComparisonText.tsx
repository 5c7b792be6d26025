// One comparison of "Wat werkt" in words: the difference a week in strong vs weak weeks with its 95 %
// interval and the weeks behind it, or why there is nothing to show yet. The team's and a person's own.
import { useI18n } from '../i18n/context';
import type { Comparison } from './data';

export function ComparisonText({ c, minWeeks, minPerGroup }: { c: Comparison; minWeeks: number; minPerGroup: number }) {
  const { t, n } = useI18n();
  if (!c.shown || c.difference === null || c.ci_low === null || c.ci_high === null) {
    if (c.reason === 'no_variation') return <span class="muted">{t('whatworks.no_variation', { weeks: c.weeks })}</span>;
    return <span class="muted">{t('whatworks.too_few', { weeks: c.weeks, min: minWeeks, per_group: minPerGroup })}</span>;
  }
  const sign = c.difference > 0 ? '+' : '';
  return (
    <span>
      <strong>
        {sign}
        {n(c.difference)}
      </strong>{' '}
      {t('whatworks.per_week_high_vs_low')}{' '}
      <span class="muted">
        {t('whatworks.interval', { low: n(c.ci_low), high: n(c.ci_high), weeks: c.weeks, high_weeks: c.high_weeks, low_weeks: c.low_weeks })}
      </span>
    </span>
  );
}
