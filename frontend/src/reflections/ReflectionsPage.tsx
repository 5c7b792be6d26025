// All my reflections with their coaching threads, and for managers their teams' reflections.
import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { relativeTime } from '../components/format';
import { useMe } from '../session';
import { ANSWER_MAX, type Reflection } from './data';
import { refusalMessage } from '../api/errors';

export function ReflectionsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('reflections.title');
  const me = useMe();
  const managed = me.teams.filter((team) => team.manages);
  // A manager comes here to coach: their (first) team first, their own reflections one choice away.
  const [scope, setScope] = useState<string>(managed[0] ? String(managed[0].id) : 'mine');
  const [items, setItems] = useState<Reflection[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setItems(null);
    api.get<Reflection[]>(scope === 'mine' ? '/reflections' : `/reflections?team_id=${scope}`).then(setItems, setError);
  }, [scope]);

  const replace = (updated: Reflection) => setItems((current) => current?.map((r) => (r.id === updated.id ? updated : r)) ?? null);
  return (
    <>
      <div class="page-head">
        <a class="page-head__eyebrow" href="/me">
          ← {t('nav.me')}
        </a>
        <h1 class="page-head__title" tabIndex={-1}>
          {t('reflections.title')}
        </h1>
        <p class="page-head__intro">{t('reflections.intro')}</p>
      </div>
      {managed.length > 0 && (
        <label class="field">
          <span class="field__label">{t('reflections.whose')}</span>
          <select class="field__input field__select" value={scope} onChange={(e) => setScope(e.currentTarget.value)}>
            <option value="mine">{t('reflections.mine')}</option>
            {managed.map((team) => (
              <option key={team.id} value={String(team.id)}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {error !== null && <Notice kind="error">{refusalMessage(error, i18n)}</Notice>}
      {items !== null && items.length === 0 && <p class="muted">{t('reflections.none')}</p>}
      <ul class="rc-list">
        {items?.map((reflection) => (
          <li key={reflection.id}>
            <ReflectionThread reflection={reflection} showPerson={scope !== 'mine'} onChange={replace} />
          </li>
        ))}
      </ul>
      {scope === 'mine' && (
        <p class="rf-links">
          {t('reflections.export')}: <a href="/api/v1/reflections/export?format=csv" download>CSV</a> ·{' '}
          <a href="/api/v1/reflections/export?format=json" download>JSON</a>
        </p>
      )}
    </>
  );
}

function weekLabel(isoWeek: string, t: (key: 'reflections.week', params: { week: number; year: string }) => string): string {
  const [year, week] = isoWeek.split('-W');
  return t('reflections.week', { week: Number(week), year });
}

function ReflectionThread({ reflection, showPerson, onChange }: { reflection: Reflection; showPerson: boolean; onChange: (r: Reflection) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [text, setText] = useState('');
  const submit = useSubmit();
  const id = useId();

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!text.trim()) return;
    const ok = await submit.run(async () => onChange(await api.post<Reflection>(`/reflections/${reflection.id}/replies`, { text: text.trim() })));
    if (ok) setText('');
  }

  return (
    <article class="card rf-thread">
      <header class="rc-card__head">
        <div class="rc-card__who">
          <p class="rc-card__title">{showPerson ? `${reflection.person.name} · ${weekLabel(reflection.week, t)}` : weekLabel(reflection.week, t)}</p>
          <p class="rc-card__meta">{relativeTime(reflection.created_at, locale)}</p>
        </div>
      </header>
      {reflection.answer ? (
        <blockquote class="rf-answer">{reflection.answer}</blockquote>
      ) : (
        <p class="muted">{reflection.text_removed ? t('reflections.text_removed') : t('reflections.hidden_text')}</p>
      )}
      {reflection.replies.length > 0 && (
        <ol class="rf-replies">
          {reflection.replies.map((reply) => (
            <li key={reply.id} class="rf-reply">
              <p class="rf-reply__who">{reply.author?.name ?? '?'}</p>
              <p>{reply.text}</p>
            </li>
          ))}
        </ol>
      )}
      {reflection.can_reply && (
        <form class="form rf-reply-form" onSubmit={onSubmit} noValidate>
          {submit.error !== null && <Notice kind="error">{refusalMessage(submit.error, i18n)}</Notice>}
          <div class="field">
            <label class="field__label" for={id}>
              {t('reflections.reply')}
            </label>
            <textarea id={id} class="field__input field__textarea" rows={2} maxLength={ANSWER_MAX} value={text}
              onInput={(e) => setText(e.currentTarget.value)} />
          </div>
          <button type="submit" class="button button--secondary button--small" disabled={submit.busy || !text.trim()}>
            {t('reflections.send')}
          </button>
        </form>
      )}
    </article>
  );
}
