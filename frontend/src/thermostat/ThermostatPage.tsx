// The team thermostat: members answer a round and say whether they recognise the drafted standard;
// the team's managers open a round, read the answers, draft the standard and follow its history.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { SelectField } from '../components/Field';
import { useI18n, usePageTitle } from '../i18n/context';
import { ManagerRound, OpenRoundForm } from './ManagerRound';
import { MemberRound } from './MemberRound';
import { History, PastRound } from './History';
import { RoundFacts } from './parts';
import { thermostatHref, type Round, type TeamEntry, type TeamThermostat } from './data';
import './thermostat.css';

export function ThermostatPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('thermostat.title');
  const { query, route } = useLocation();
  const [teams, setTeams] = useState<TeamEntry[] | null>(null);
  const [data, setData] = useState<TeamThermostat | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.get<{ teams: TeamEntry[] }>('/thermostat').then((body) => setTeams(body.teams), setError);
  }, []);
  const chosen = teams && (teams.find((team) => String(team.team_id) === query.team) ?? teams.find((team) => team.needs_me) ?? teams[0]);
  const teamId = chosen?.team_id;

  const load = useCallback(() => {
    if (!teamId) return;
    api.get<TeamThermostat>(`/teams/${teamId}/thermostat`).then(setData, setError);
  }, [teamId]);
  useEffect(() => {
    setData(null);
    load();
  }, [load]);

  const updated = (round: Round) => {
    setData((current) => (current ? { ...current, current: round.stage === 'answering' || round.stage === 'confirming' ? round : null } : current));
    if (round.stage === 'agreed' || round.stage === 'closed') load();
  };

  return (
    <>
      <div class="page-head">
        <a class="page-head__eyebrow" href="/leaderboard">
          ← {t('leaderboard.title')}
        </a>
        <h1 class="page-head__title" tabIndex={-1}>
          {t('thermostat.title')}
        </h1>
        <p class="page-head__intro">{t('thermostat.intro')}</p>
      </div>
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {teams && teams.length === 0 && <p class="muted">{t('thermostat.no_team')}</p>}
      {teams && teams.length > 1 && chosen && (
        <SelectField
          label={t('thermostat.team')}
          name="team"
          value={String(chosen.team_id)}
          onValue={(value) => route(thermostatHref(Number(value)))}
          options={teams.map((team) => ({ value: String(team.team_id), label: team.team_name }))}
        />
      )}
      {teams && teams.length > 0 && !data && error === null && <p class="muted">{t('common.loading')}</p>}
      {data && data.team_id === teamId && (
        <div class="thermostat">
          {data.current ? (
            <>
              <RoundFacts round={data.current} />
              {data.current.is_member && <MemberRound round={data.current} behaviours={data.behaviours} onChange={updated} />}
              {data.current.can_manage && <ManagerRound round={data.current} behaviours={data.behaviours} onChange={updated} />}
            </>
          ) : data.can_manage ? (
            <OpenRoundForm teamId={data.team_id} onOpened={updated} />
          ) : (
            <section class="card">
              <p>{t('thermostat.no_round')}</p>
            </section>
          )}
          {query.round && data.can_manage && <PastRound roundId={Number(query.round)} />}
          {data.can_manage && <History data={data} />}
        </div>
      )}
    </>
  );
}
