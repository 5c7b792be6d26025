// What Ritme celebrates of a person: badges with their reasons, wins and streak records.
// Rendered on Ik / Me (with reflections) and on another person's page (without).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Notice } from '../components/Notice';
import { useI18n, usePageTitle } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { ReflectionsCard } from '../reflections/ReflectionsCard';
import { useMe } from '../session';
import type { Win } from '../wins/data';
import type { Award } from '../badges/data';
import type { Profile, StreakRecord } from './data';
import { AwardCard } from '../badges/AwardCard';
import { WinCard } from '../wins/WinCard';
import { refusalMessage } from '../api/errors';

interface TodayBehaviour {
  id: number;
  name: string;
  icon: string;
  streak: { current: number; longest: number; unit: 'day' | 'week' };
}

function useProfile(userId: number) {
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setProfile(null);
    api.get<Profile>(`/people/${userId}/recognition`).then(setProfile, setError);
  }, [userId]);
  return { profile, setProfile, error };
}

function Counts({ profile }: { profile: Profile }) {
  const { t } = useI18n();
  const stats: [string, number][] = [
    [t('recognition.count_badges'), profile.counts.badges],
    [t('recognition.count_wins'), profile.counts.wins + profile.counts.credited_wins],
    [t('recognition.count_applause'), profile.counts.applause_received],
  ];
  return (
    <dl class="stats rc-stats">
      {stats.map(([label, value]) => (
        <div class="stats__item" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Badges({ awards, onChange }: { awards: Award[]; onChange: (award: Award) => void }) {
  const { t } = useI18n();
  return (
    <section class="rc-section" aria-labelledby="badges-heading">
      <h2 class="section-title" id="badges-heading">
        {t('recognition.badges_title')}
      </h2>
      {awards.length === 0 ? (
        <p class="card muted rc-none">{t('recognition.no_badges')}</p>
      ) : (
        <ul class="rc-list">
          {awards.map((award) => (
            <li key={award.id}>
              <AwardCard award={award} onChange={onChange} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Wins({ wins, onChange }: { wins: Win[]; onChange: (win: Win) => void }) {
  const { t } = useI18n();
  return (
    <section class="rc-section" aria-labelledby="wins-heading">
      <h2 class="section-title" id="wins-heading">
        {t('recognition.wins_title')}
      </h2>
      {wins.length === 0 ? (
        <p class="card muted rc-none">{t('recognition.no_wins')}</p>
      ) : (
        <ul class="rc-list">
          {wins.slice(0, 10).map((win) => (
            <li key={win.id}>
              <WinCard win={win} onChange={onChange} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Streaks({ records }: { records: StreakRecord[] }) {
  const { t, tn } = useI18n();
  if (records.length === 0) return null;
  return (
    <section class="card rc-streaks" aria-labelledby="streaks-heading">
      <h2 class="card__title" id="streaks-heading">
        {t('recognition.streaks_title')}
      </h2>
      <ul class="rc-streaks__list">
        {records.map((record) => (
          <li key={record.behaviour_id} class="rc-streaks__item">
            <span class="rc-streaks__icon" aria-hidden="true">
              {record.icon}
            </span>
            <span class="rc-streaks__name">{record.name}</span>
            <span class="rc-streaks__value">
              {record.unit === 'week' ? tn('recognition.record_weeks', record.longest) : tn('recognition.record_days', record.longest)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProfileBody({ userId, ownStreaks, withReflections }: { userId: number; ownStreaks?: StreakRecord[] | null; withReflections?: boolean }) {
  const i18n = useI18n();
  const { profile, setProfile, error } = useProfile(userId);
  if (error !== null) return <Notice kind="error">{refusalMessage(error, i18n)}</Notice>;
  if (!profile) return null;
  const records = ownStreaks ?? profile.streaks ?? [];
  return (
    <>
      <Counts profile={profile} />
      {withReflections && <ReflectionsCard />}
      <Streaks records={records.filter((r) => r.longest > 0)} />
      <Badges awards={profile.badges} onChange={(award) => setProfile({ ...profile, badges: profile.badges.map((a) => (a.id === award.id ? award : a)) })} />
      <Wins wins={profile.wins} onChange={(win) => setProfile({ ...profile, wins: profile.wins.map((w) => (w.id === win.id ? win : w)) })} />
    </>
  );
}

/** The recognition part of Ik / Me: streak records from /today, badges, wins, reflections. */
export function MyRecognition() {
  const me = useMe();
  const [streaks, setStreaks] = useState<StreakRecord[] | null>(null);
  useEffect(() => {
    api.get<{ behaviours: TodayBehaviour[] }>('/today').then(
      (today) =>
        setStreaks(
          today.behaviours.map((b) => ({ behaviour_id: b.id, name: b.name, icon: b.icon, current: b.streak.current, longest: b.streak.longest, unit: b.streak.unit })),
        ),
      () => setStreaks(null),
    );
  }, []);
  return (
    <div class="rc-profile">
      <ProfileBody userId={me.id} ownStreaks={streaks} withReflections />
    </div>
  );
}

/** Another person's page: badges, wins and streaks only. */
export function PersonPage({ id }: { id?: string }) {
  const { t } = useI18n();
  usePageTitle('recognition.person_title');
  const userId = Number(id);
  const me = useMe();
  const [person, setPerson] = useState<Profile['person'] | null>(null);
  useEffect(() => {
    api.get<Profile>(`/people/${userId}/recognition`).then((p) => setPerson(p.person), () => setPerson(null));
  }, [userId]);
  if (!Number.isInteger(userId) || userId <= 0) return <Notice kind="error">{t('error.not_found')}</Notice>;
  return (
    <>
      <div class="page-head">
        <a class="page-head__eyebrow" href="/wins">
          ← {t('wins.title')}
        </a>
        <h1 class="page-head__title" tabIndex={-1}>
          {person?.name ?? t('recognition.person_title')}
        </h1>
        {person && (
          <p class="page-head__intro">
            {[t(`role.${person.role}` as MessageKey), ...person.teams.map((team) => team.name)].join(' · ')}
          </p>
        )}
      </div>
      <ProfileBody userId={userId} withReflections={userId === me.id} />
    </>
  );
}
