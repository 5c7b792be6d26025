// On Today from Friday morning to Monday noon: the week's question, one tap from its answer on Ik / Me.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/context';
import type { Current } from './data';

export function ReflectionPrompt() {
  const { t } = useI18n();
  const [current, setCurrent] = useState<Current | null>(null);
  useEffect(() => {
    api.get<Current>('/reflections/current').then(setCurrent, () => undefined); // offline: no prompt
  }, []);
  if (!current?.asked || current.reflection?.answered) return null;
  return (
    <section class="card reflection-prompt" aria-labelledby="reflection-prompt-title">
      <h2 class="card__title" id="reflection-prompt-title">
        {t('reflections.title')}
      </h2>
      <p>{current.question}</p>
      <a class="button button--secondary" href="/me#reflection-heading">
        {t('reflections.prompt_cta')}
      </a>
    </section>
  );
}
