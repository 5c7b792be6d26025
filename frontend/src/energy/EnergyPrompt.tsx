// On Today, once a week and only while unanswered: the gentle energy question, one tap from /energy.
// Kept tiny (no form here) so Today's first load stays small; the page itself is a lazy screen.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { getCurrent, type EnergyCurrent } from './data';

export function EnergyPrompt() {
  const { t } = useI18n();
  const [current, setCurrent] = useState<EnergyCurrent | null>(null);
  useEffect(() => {
    getCurrent().then(setCurrent, () => undefined); // offline or off: no prompt
  }, []);
  if (!current?.enabled || current.answer) return null;
  return (
    <section class="card energy-prompt" aria-labelledby="energy-prompt-title">
      <h2 class="card__title" id="energy-prompt-title">
        {t('energy.prompt_title')}
      </h2>
      <p>{t('energy.question')}</p>
      <a class="button button--secondary" href="/energy">
        {t('energy.prompt_cta')}
      </a>
    </section>
  );
}
