// The first run: signed out on an empty installation goes to setup; a new organisation's admin gets a
// short checklist (a team, its behaviours, the people) on every Beheer tab until all three are done.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Redirect } from '../components/Redirect';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';
import { firstRunSteps, type AdminInvite, type AdminTeam, type FirstRunStep } from './data';

export function SignedOutRedirect({ next }: { next: string }) {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ needed: boolean }>('/setup').then(
      (answer) => setTarget(answer.needed ? '/setup' : `/login${next}`),
      () => setTarget(`/login${next}`), // offline or an older server: sign-in as always
    );
  }, [next]);
  return target ? <Redirect to={target} /> : null;
}

const CHANGED = 'ritme:first-run-changed';
const DONE_KEY = 'ritme.first-run-done';

/** A Beheer screen made a team, a behaviour or an invite: the checklist looks again. */
export function firstRunChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

function doneBefore(organisationId: number): boolean {
  try {
    return localStorage.getItem(DONE_KEY)?.split(',').includes(String(organisationId)) ?? false;
  } catch {
    return false;
  }
}

function rememberDone(organisationId: number): void {
  try {
    const seen = localStorage.getItem(DONE_KEY)?.split(',').filter(Boolean) ?? [];
    localStorage.setItem(DONE_KEY, [...seen.slice(-10), String(organisationId)].join(','));
  } catch {
    // Storage blocked: the checklist asks the server again next time, no harm.
  }
}

const LABELS: Record<FirstRunStep, MessageKey> = {
  team: 'admin.firstrun.team',
  behaviours: 'admin.firstrun.behaviours',
  invite: 'admin.firstrun.invite',
};

export function FirstRunChecklist() {
  const { t } = useI18n();
  const me = useMe();
  const organisationId = me.organisation.id;
  const [steps, setSteps] = useState<ReturnType<typeof firstRunSteps>>(null);

  const load = useCallback(async () => {
    if (me.role !== 'admin' || doneBefore(organisationId)) return;
    try {
      const [teams, behaviours, people, invites] = await Promise.all([
        api.get<AdminTeam[]>('/teams'),
        api.get<unknown[]>('/behaviours'),
        api.get<unknown[]>('/admin/people'),
        api.get<AdminInvite[]>('/invites'),
      ]);
      const found = firstRunSteps({
        teams: teams.filter((team) => !team.archived).length,
        behaviours: behaviours.length,
        people: people.length,
        invites: invites.length,
      });
      if (!found) rememberDone(organisationId);
      setSteps(found);
    } catch {
      setSteps(null); // offline or refused: the checklist is a help, never in the way
    }
  }, [me.role, organisationId]);

  useEffect(() => {
    void load();
    const again = () => void load();
    window.addEventListener(CHANGED, again);
    return () => window.removeEventListener(CHANGED, again);
  }, [load]);

  if (!steps) return null;
  const next = steps.find((s) => !s.done);
  return (
    <section class="card first-run" aria-labelledby="first-run-title">
      <h2 class="card__title" id="first-run-title">
        {t('admin.firstrun.title')}
      </h2>
      <p class="card__intro">{t('admin.firstrun.intro')}</p>
      <ol class="first-run__steps">
        {steps.map(({ step, done, href }) => (
          <li key={step} class={`first-run__step${done ? ' first-run__step--done' : ''}`} data-step={step}>
            <span class="first-run__mark" aria-hidden="true">
              {done ? '✓' : ''}
            </span>
            {done ? (
              <span>
                {t(LABELS[step])} <span class="visually-hidden">({t('admin.firstrun.done')})</span>
              </span>
            ) : (
              <a href={href} aria-current={step === next?.step ? 'step' : undefined}>
                {t(LABELS[step])}
              </a>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
