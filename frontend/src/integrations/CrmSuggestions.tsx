// "Uit je CRM": on Today, the CRM events a rule only suggests (per behaviour and day), each confirmed or left
// out with one tap. Confirming checks in through the server (rhythm's own rules, marked as from the CRM) and
// Today reloads, so the streak moves. Kept tiny: Today imports it directly, and it asks the server only once
// Today is on screen; without suggestions it renders nothing.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n/context';
import './suggestions.css';

export interface SuggestionGroup {
  id: number;
  behaviour_id: number;
  behaviour: string;
  occurred_on: string;
  count: number;
  source: string;
}

export function CrmSuggestions({ today, onConfirmed }: { today: string; onConfirmed: () => void }) {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const [groups, setGroups] = useState<SuggestionGroup[]>([]);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');

  useEffect(() => {
    let live = true;
    api.get<{ items: SuggestionGroup[] }>('/integrations/suggestions').then(
      (answer) => live && setGroups(answer.items),
      () => undefined, // offline: no suggestions this time
    );
    return () => {
      live = false;
    };
  }, [today]);

  async function decide(group: SuggestionGroup, confirm: boolean) {
    setBusy(group.id);
    setError(null);
    try {
      const answer = await api.post<{ status: string }>(`/integrations/suggestions/${group.id}/${confirm ? 'confirm' : 'dismiss'}`);
      setGroups((current) => current.filter((g) => g.id !== group.id));
      if (answer.status === 'confirmed') {
        setSaid(t('today.checked_in', { name: group.behaviour }));
        onConfirmed();
      } else {
        setSaid(answer.status === 'already' ? t('integrations.suggestions.already', { name: group.behaviour }) : t('integrations.suggestions.dismissed'));
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <p class="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      {groups.length > 0 && (
        <section class="card crm-suggestions" aria-labelledby="crm-suggestions-title">
          <h2 class="crm-suggestions__title" id="crm-suggestions-title">
            {t('integrations.suggestions.title')}
          </h2>
          <p class="muted crm-suggestions__hint">{t('integrations.suggestions.hint')}</p>
          {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
          <ul class="crm-suggestions__list">
            {groups.map((group) => (
              <li key={group.id} class="crm-suggestion">
                <p class="crm-suggestion__what" id={`crm-suggestion-${group.id}`}>
                  <strong>{group.behaviour}</strong>
                  <span class="muted crm-suggestion__from">
                    {tn('integrations.suggestions.events', group.count, { source: group.source })}
                    {group.occurred_on < today && ` · ${t('integrations.suggestions.yesterday')}`}
                  </span>
                </p>
                <div class="crm-suggestion__actions">
                  <button
                    type="button"
                    class="button button--primary"
                    disabled={busy !== null}
                    aria-describedby={`crm-suggestion-${group.id}`}
                    onClick={() => void decide(group, true)}
                  >
                    {t('integrations.suggestions.confirm')}
                  </button>
                  <button
                    type="button"
                    class="button button--secondary"
                    disabled={busy !== null}
                    aria-describedby={`crm-suggestion-${group.id}`}
                    onClick={() => void decide(group, false)}
                  >
                    {t('integrations.suggestions.dismiss')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
