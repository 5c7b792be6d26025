// On Today, once a week and only while unanswered: the gentle energy question, one tap from /energy.
// Kept tiny (no form here) so Today's first load stays small; the page itself is a lazy screen.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { getCurrent, promptWanted, setPromptWanted, type EnergyCurrent } from './data';

export function EnergyPrompt() {
  const { t } = useI18n();
  const me = useMe();
  const [wanted, setWanted] = useState(() => promptWanted(me.id));
  const [current, setCurrent] = useState<EnergyCurrent | null>(null);
  useEffect(() => {
    if (wanted) getCurrent().then(setCurrent, () => undefined); // offline or off: no prompt
  }, [wanted]);
  if (!wanted || !current?.enabled || current.answer) return null;
  return (
    <section class="card energy-prompt" aria-labelledby="energy-prompt-title">
      <h2 class="card__title" id="energy-prompt-title">
        {t('energy.prompt_title')}
      </h2>
      <p>{t('energy.question')}</p>
      <div class="form__actions">
        <a class="button button--secondary" href="/energy">
          {t('energy.prompt_cta')}
        </a>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setPromptWanted(me.id, false);
            setWanted(false);
          }}
        >
          {t('energy.prompt_off')}
        </button>
      </div>
    </section>
  );
}
