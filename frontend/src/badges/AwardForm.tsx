// Managers award a badge with a reason that names the behaviour; everyone else nominates a colleague
// for one, and a manager decides.
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client';
import { SelectField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstProblem, useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { useColleagues } from '../wins/LogWin';
import type { Award, Badge, Nomination } from './data';
import { refusalMessage } from '../api/errors';

export function canAward(role: string): boolean {
  return role === 'manager' || role === 'admin';
}

export function AwardForm({ onDone, onCancel, initialUserId }: { onDone: (message: string) => void; onCancel: () => void; initialUserId?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const awarding = canAward(me.role);
  const everyone = useColleagues();
  const [badges, setBadges] = useState<Badge[]>([]);
  const [badgeId, setBadgeId] = useState('');
  const [userId, setUserId] = useState(initialUserId ? String(initialUserId) : '');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failures, setFailures] = useState(0);
  const formRef = useFocusFirstProblem(failures);
  const submit = useSubmit();
  const reasonId = useId();

  useEffect(() => {
    api.get<Badge[]>('/badges').then((all) => {
      // No badge is chosen for the person: which behaviour they recognise is theirs to say.
      setBadges(all.filter((b) => b.kind === 'manual'));
    }, submit.setError);
  }, []);

  // Managers award people in the teams they manage; admins anyone; nominations go to anyone.
  const managed = new Set(me.teams.filter((team) => team.manages).map((team) => team.id));
  const people = useMemo(
    () =>
      everyone.filter(
        (p) => p.id !== me.id && (!awarding || me.role === 'admin' || p.teams.some((team) => managed.has(team.id))),
      ),
    [everyone, awarding],
  );

  async function onSubmit(event: Event) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!badgeId) found.badge_id = t('validation.choose_badge');
    if (!userId) found.user_id = t('validation.choose_person');
    if (reason.trim().length < 5) found.reason = t('recognition.reason_required');
    setProblems(found);
    if (Object.keys(found).length) {
      setFailures((n) => n + 1);
      return;
    }
    const body = { badge_id: Number(badgeId), user_id: Number(userId), reason: reason.trim() };
    const person = people.find((p) => p.id === Number(userId))?.name ?? '';
    const ok = await submit.run(() => (awarding ? api.post<Award>('/awards', body) : api.post<Nomination>('/nominations', body)));
    if (ok) onDone(awarding ? t('recognition.awarded_done', { name: person }) : t('recognition.nominated_done', { name: person }));
  }

  const badge = badges.find((b) => String(b.id) === badgeId);
  return (
    <section class="card rc-log" aria-labelledby="award-heading">
      <h2 class="card__title" id="award-heading">
        {awarding ? t('recognition.award_title') : t('recognition.nominate_title')}
      </h2>
      <p class="card__intro">{awarding ? t('recognition.award_intro') : t('recognition.nominate_intro')}</p>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{refusalMessage(submit.error, i18n)}</Notice>}
        <SelectField
          label={t('recognition.badge')}
          name="badge_id"
          value={badgeId}
          onValue={(value) => {
            setBadgeId(value);
            setProblems(({ badge_id: _gone, ...rest }) => rest);
          }}
          options={[{ value: '', label: t('recognition.choose_badge') }, ...badges.map((b) => ({ value: String(b.id), label: `${b.emoji} ${b.name}` }))]}
          hint={badge?.description || undefined}
          error={problems.badge_id}
        />
        <SelectField
          label={t('recognition.person')}
          name="user_id"
          value={userId}
          onValue={(value) => {
            setUserId(value);
            setProblems(({ user_id: _gone, ...rest }) => rest);
          }}
          options={[{ value: '', label: t('recognition.choose_person') }, ...people.map((p) => ({ value: String(p.id), label: p.name }))]}
          error={problems.user_id}
        />
        <div class={`field${problems.reason ? ' field--invalid' : ''}`}>
          <label class="field__label" for={reasonId}>
            {t('recognition.reason')}
          </label>
          <textarea
            id={reasonId}
            name="reason"
            class="field__input field__textarea"
            maxLength={1000}
            rows={3}
            value={reason}
            placeholder={t('recognition.reason_placeholder')}
            onInput={(event) => setReason(event.currentTarget.value)}
            aria-invalid={problems.reason ? 'true' : undefined}
            aria-describedby={`${problems.reason ? `${reasonId}-error ` : ''}${reasonId}-hint`}
          />
          {problems.reason && (
            <p class="field__error" id={`${reasonId}-error`}>
              {problems.reason}
            </p>
          )}
          <p class="field__hint" id={`${reasonId}-hint`}>
            {t('recognition.reason_hint')}
          </p>
        </div>
        <div class="form__actions rc-log__actions">
          <button type="submit" class="button button--primary" disabled={submit.busy}>
            {awarding ? t('recognition.award_submit') : t('recognition.nominate_submit')}
          </button>
          <button type="button" class="button button--ghost" onClick={onCancel}>
            {t('recognition.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Nominations waiting for this manager's decision. */
export function NominationsPanel({ onDecided }: { onDecided: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Nomination[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<Nomination[]>('/nominations').then((all) => setItems(all.filter((n) => n.can_decide)), () => setItems([]));
  }, []);

  async function decide(nomination: Nomination, approve: boolean) {
    setError(null);
    try {
      await api.post(`/nominations/${nomination.id}/${approve ? 'approve' : 'decline'}`, {});
      setItems((current) => current.filter((n) => n.id !== nomination.id));
      onDecided();
    } catch (caught) {
      setError(refusalMessage(caught, i18n));
    }
  }

  if (items.length === 0) return null;
  return (
    <section class="card rc-nominations" aria-labelledby="nominations-heading">
      <h2 class="card__title" id="nominations-heading">
        {t('recognition.nominations_title')}
      </h2>
      {error && <Notice kind="error">{error}</Notice>}
      <ul class="rc-nominations__list">
        {items.map((n) => (
          <li key={n.id} class="rc-nominations__item">
            <p>
              <strong>
                {n.badge.emoji} {n.badge.name}
              </strong>{' '}
              {t('recognition.nomination_for', { name: n.nominee.name, by: n.nominated_by?.name ?? '?' })}
            </p>
            <p class="rc-card__reason">“{n.reason}”</p>
            <div class="rc-actions">
              <button type="button" class="button button--primary button--small" onClick={() => decide(n, true)}>
                {t('recognition.approve')}
              </button>
              <button type="button" class="button button--ghost button--small" onClick={() => decide(n, false)}>
                {t('recognition.decline')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
