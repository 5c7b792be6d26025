// Beheer → Koppelingen: channels that hear about celebrations (Teams, Slack, any signed webhook) with their
// delivery log and a test message, and CRM sources that check behaviours in, with their secret address.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { fieldErrors } from '../api/errors';
import { AdminLayout } from '../admin/AdminLayout';
import { adminErrorMessage } from '../admin/data';
import { PasswordField, SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import './integrations.css';
import {
  deliveryState,
  EVENT_TYPES,
  EXAMPLE_EVENT,
  integrations,
  parseOwnerMap,
  PRESETS,
  RULE_KINDS,
  RULE_MODES,
  SOURCE_PRESETS,
  WON_DEAL,
  type Delivery,
  type Endpoint,
  type EventType,
  type InboundEvent,
  type Preset,
  type Rule,
  type RuleKind,
  type RuleMode,
  type Source,
  type SourcePreset,
} from './data';

interface BehaviourOption {
  id: number;
  name: string;
}

interface MeasureOption {
  id: number;
  name_nl: string;
  name_en: string;
}

export function IntegrationsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [endpoints, setEndpoints] = useState<Endpoint[] | null>(null);
  const [sources, setSources] = useState<Source[] | null>(null);
  const [behaviours, setBehaviours] = useState<BehaviourOption[]>([]);
  const [measures, setMeasures] = useState<MeasureOption[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    integrations.endpoints().then(setEndpoints, setError);
    integrations.sources().then(setSources, setError);
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    api.get<BehaviourOption[]>('/behaviours').then(setBehaviours, setError);
    api.get<MeasureOption[]>('/outcomes/measures').then(setMeasures, () => setMeasures([]));
  }, []);

  function changed(text: string) {
    setMessage(text);
    load();
  }

  return (
    <AdminLayout title="integrations.title" adminOnly>
      <p class="page-head__intro">{t('integrations.intro')}</p>
      {message && <Notice kind="success">{message}</Notice>}
      {error !== null && <Notice kind="error">{adminErrorMessage(error, i18n)}</Notice>}
      <h2 class="subheading">{t('integrations.out.title')}</h2>
      {endpoints && endpoints.length === 0 && <p class="muted">{t('integrations.out.none')}</p>}
      {endpoints && endpoints.length > 0 && (
        <ul class="admin-list" aria-label={t('integrations.out.title')}>
          {endpoints.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} onChanged={changed} />
          ))}
        </ul>
      )}
      <NewEndpointForm onCreated={(name) => changed(t('integrations.out.created', { name }))} />
      <h2 class="subheading">{t('integrations.in.title')}</h2>
      <p class="form__note">{t('integrations.in.intro')}</p>
      {sources && sources.length > 0 && (
        <ul class="admin-list" aria-label={t('integrations.in.title')}>
          {sources.map((source) => (
            <SourceRow key={source.id} source={source} behaviours={behaviours} measures={measures} onChanged={changed} />
          ))}
        </ul>
      )}
      <NewSourceForm behaviours={behaviours} onCreated={(name) => changed(t('integrations.in.created', { name }))} />
    </AdminLayout>
  );
}

function presetOptions(t: (key: MessageKey) => string) {
  return PRESETS.map((preset) => ({ value: preset, label: t(`integrations.preset.${preset}` as MessageKey) }));
}

function NewEndpointForm({ onCreated }: { onCreated: (name: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [preset, setPreset] = useState<Preset>('teams');
  const [events, setEvents] = useState<EventType[]>([...EVENT_TYPES]);
  const submit = useSubmit();
  const problems = fieldErrors(submit.error);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const body = { name: name.trim(), url: url.trim(), preset, events };
    if (await submit.run(() => integrations.createEndpoint(body))) {
      setName('');
      setUrl('');
      onCreated(body.name);
    }
  }

  function toggle(type: EventType, on: boolean) {
    setEvents((current) => (on ? [...current, type] : current.filter((item) => item !== type)));
  }

  return (
    <section class="card" aria-labelledby="new-endpoint-heading">
      <h3 class="card__title" id="new-endpoint-heading">
        {t('integrations.out.new')}
      </h3>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && !problems.url && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
        <SelectField label={t('integrations.out.preset')} name="preset" value={preset} onValue={(value) => setPreset(value as Preset)} options={presetOptions(t)} hint={t(`integrations.preset_hint.${preset}` as MessageKey)} />
        <TextField label={t('integrations.out.name')} name="endpoint_name" required maxLength={100} value={name} onValue={setName} />
        <TextField label={t('integrations.out.url')} name="endpoint_url" type="url" inputMode="url" required maxLength={2048} value={url} onValue={setUrl} error={problems.url} autocapitalize="off" spellcheck={false} />
        <fieldset class="checkbox-group">
          <legend class="field__label">{t('integrations.out.events')}</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} class="checkbox">
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} />
              <span>{t(`integrations.event.${type}` as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" class="button button--primary" disabled={submit.busy || !name.trim() || !url.trim() || events.length === 0}>
          {t('integrations.out.create')}
        </button>
      </form>
    </section>
  );
}

function EndpointRow({ endpoint, onChanged }: { endpoint: Endpoint; onChanged: (message: string) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [log, setLog] = useState<Delivery[] | null>(null);
  const [tested, setTested] = useState<Delivery | null>(null);
  const submit = useSubmit();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });

  async function loadLog() {
    setLog(await integrations.deliveries(endpoint.id));
  }

  async function test() {
    await submit.run(async () => {
      setTested(await integrations.sendTest(endpoint.id));
      if (log) await loadLog();
    });
  }

  async function resend(delivery: Delivery) {
    await submit.run(async () => {
      await integrations.resend(delivery.id);
      await loadLog();
    });
  }

  async function toggle() {
    if (await submit.run(() => integrations.updateEndpoint(endpoint.id, { enabled: !endpoint.enabled }))) {
      onChanged(t(endpoint.enabled ? 'integrations.out.switched_off' : 'integrations.out.switched_on', { name: endpoint.name }));
    }
  }

  async function rotate() {
    if (await submit.run(() => integrations.rotateSecret(endpoint.id))) {
      onChanged(t('integrations.out.rotated', { name: endpoint.name }));
    }
  }

  async function remove() {
    if (!window.confirm(t('integrations.out.remove_confirm', { name: endpoint.name }))) return;
    if (await submit.run(() => integrations.deleteEndpoint(endpoint.id))) {
      onChanged(t('integrations.out.removed', { name: endpoint.name }));
    }
  }

  const status = endpoint.enabled ? 'integrations.out.on' : endpoint.disabled_reason === 'gone' ? 'integrations.out.gone' : 'integrations.out.off';
  return (
    <li class={`card integration${endpoint.enabled ? '' : ' admin-person--inactive'}`}>
      <p class="admin-person__name">
        {endpoint.name} <span class="badge badge--muted">{t(`integrations.preset.${endpoint.preset}` as MessageKey)}</span>
      </p>
      <p class="admin-person__meta integration__url">{endpoint.url}</p>
      <p class="admin-person__meta">
        {t(status)} · {endpoint.events.map((type) => t(`integrations.event.${type}` as MessageKey)).join(', ')}
      </p>
      {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
      {tested && (
        <Notice kind={tested.status === 'delivered' ? 'success' : 'error'}>
          {tested.status === 'delivered'
            ? t('integrations.out.test_ok', { code: String(tested.last_status_code ?? '') })
            : t('integrations.out.test_failed', { code: String(tested.last_status_code ?? tested.last_error ?? '—') })}
        </Notice>
      )}
      <div class="form__actions integration__actions">
        <button type="button" class="button button--primary button--small" disabled={submit.busy} onClick={test}>
          {t('integrations.out.test')}
        </button>
        <button type="button" class="button button--secondary button--small" aria-expanded={log !== null} onClick={() => (log ? setLog(null) : void submit.run(loadLog))}>
          {t('integrations.out.log')}
        </button>
        <button type="button" class="button button--secondary button--small" disabled={submit.busy} onClick={toggle}>
          {t(endpoint.enabled ? 'integrations.out.switch_off' : 'integrations.out.switch_on')}
        </button>
      </div>
      {log && (
        <section aria-label={t('integrations.out.log_label', { name: endpoint.name })}>
          {log.length === 0 && <p class="muted">{t('integrations.out.log_empty')}</p>}
          <ol class="integration__log">
            {log.map((delivery) => (
              <li key={delivery.id} class="integration__entry">
                <time dateTime={delivery.created_at}>{when.format(new Date(delivery.created_at))}</time>
                <span>{t(`integrations.event.${delivery.event_type}` as MessageKey)}</span>
                <span class={`integration__state integration__state--${delivery.status}`}>
                  {t(deliveryState(delivery))}
                  {delivery.last_status_code !== null && ` · ${delivery.last_status_code}`}
                  {delivery.last_error && ` · ${delivery.last_error}`}
                </span>
                {delivery.status === 'pending' && delivery.next_attempt_at && (
                  <span class="muted">{t('integrations.delivery.next', { when: when.format(new Date(delivery.next_attempt_at)) })}</span>
                )}
                <button type="button" class="button button--ghost-dark button--small" disabled={submit.busy} onClick={() => resend(delivery)}>
                  {t('integrations.delivery.resend')}
                </button>
              </li>
            ))}
          </ol>
        </section>
      )}
      <details class="integration__secret">
        <summary>{t('integrations.out.secret')}</summary>
        <p class="form__note">{t('integrations.out.secret_hint')}</p>
        <code class="integration__code">{endpoint.secret}</code>
        {endpoint.previous_secret_until && (
          <p class="form__note">{t('integrations.out.previous_until', { when: when.format(new Date(endpoint.previous_secret_until)) })}</p>
        )}
        <div class="form__actions">
          <button type="button" class="button button--secondary button--small" disabled={submit.busy} onClick={rotate}>
            {t('integrations.out.rotate')}
          </button>
          <button type="button" class="button button--ghost-dark button--small" disabled={submit.busy} onClick={remove}>
            {t('integrations.out.remove')}
          </button>
        </div>
      </details>
    </li>
  );
}

function NewSourceForm({ behaviours, onCreated }: { behaviours: BehaviourOption[]; onCreated: (name: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState('');
  const [preset, setPreset] = useState<SourcePreset>('pipedrive');
  const [eventName, setEventName] = useState(EXAMPLE_EVENT.pipedrive);
  const [behaviour, setBehaviour] = useState('');
  const [mode, setMode] = useState<RuleMode>('checkin');
  const [owners, setOwners] = useState('');
  const [secret, setSecret] = useState('');
  const submit = useSubmit();
  const problems = fieldErrors(submit.error);

  function choosePreset(value: string) {
    const next = value as SourcePreset;
    if (eventName === EXAMPLE_EVENT[preset]) setEventName(EXAMPLE_EVENT[next]);
    setPreset(next);
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    const body = {
      name: name.trim(),
      preset,
      rules: behaviour ? [{ event: eventName.trim(), behaviour_id: Number(behaviour), mode }] : [],
      owner_map: parseOwnerMap(owners),
      ...(preset === 'hubspot' ? { secret: secret.trim() } : {}),
    };
    if (await submit.run(() => integrations.createSource(body))) {
      setName('');
      setOwners('');
      setSecret('');
      onCreated(body.name);
    }
  }

  return (
    <section class="card" aria-labelledby="new-source-heading">
      <h3 class="card__title" id="new-source-heading">
        {t('integrations.in.new')}
      </h3>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && !problems.secret && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
        <SelectField label={t('integrations.in.preset')} name="source_preset" value={preset} onValue={choosePreset} options={SOURCE_PRESETS.map((p) => ({ value: p, label: t(`integrations.source.${p}` as MessageKey) }))} hint={t(`integrations.source_hint.${preset}` as MessageKey)} />
        <TextField label={t('integrations.in.name')} name="source_name" required maxLength={100} value={name} onValue={setName} />
        <div class="form__row">
          <TextField label={t('integrations.in.event')} name="source_event" maxLength={200} value={eventName} onValue={setEventName} autocapitalize="off" spellcheck={false} />
          <SelectField label={t('integrations.in.behaviour')} name="source_behaviour" value={behaviour} onValue={setBehaviour} options={[{ value: '', label: '—' }, ...behaviours.map((b) => ({ value: String(b.id), label: b.name }))]} />
        </div>
        <ModeField name="source_mode" value={mode} onValue={setMode} />
        {preset === 'hubspot' && (
          <PasswordField label={t('integrations.in.client_secret')} name="source_secret" required minLength={8} maxLength={200} value={secret} onValue={setSecret} error={problems.secret} autocomplete="off" />
        )}
        {preset !== 'generic' && (
          <div class="field">
            <label class="field__label" for="source-owners">
              {t('integrations.in.owners')}
            </label>
            <textarea id="source-owners" class="field__input" rows={3} value={owners} onInput={(e) => setOwners(e.currentTarget.value)} aria-describedby="source-owners-hint" autocapitalize="off" spellcheck={false} />
            <p class="field__hint" id="source-owners-hint">
              {t('integrations.in.owners_hint')}
            </p>
          </div>
        )}
        <button type="submit" class="button button--primary" disabled={submit.busy || !name.trim()}>
          {t('integrations.in.create')}
        </button>
      </form>
    </section>
  );
}

function SourceRow({ source, behaviours, measures, onChanged }: { source: Source; behaviours: BehaviourOption[]; measures: MeasureOption[]; onChanged: (message: string) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [log, setLog] = useState<InboundEvent[] | null>(null);
  const submit = useSubmit();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' });
  const names = new Map(behaviours.map((b) => [b.id, b.name]));
  const measureNames = new Map(measures.map((m) => [m.id, locale === 'en' ? m.name_en : m.name_nl]));

  async function saveRules(rules: Rule[]) {
    if (await submit.run(() => integrations.updateSource(source.id, { rules }))) onChanged(t('integrations.in.rules_saved', { name: source.name }));
  }

  async function remove() {
    if (!window.confirm(t('integrations.in.remove_confirm', { name: source.name }))) return;
    if (await submit.run(() => integrations.deleteSource(source.id))) onChanged(t('integrations.in.removed', { name: source.name }));
  }

  return (
    <li class="card integration">
      <p class="admin-person__name">
        {source.name} <span class="badge badge--muted">{t(`integrations.source.${source.preset}` as MessageKey)}</span>
      </p>
      <div class="field">
        <label class="field__label" for={`source-url-${source.id}`}>
          {t('integrations.in.url')}
        </label>
        <input id={`source-url-${source.id}`} class="field__input integration__code" readOnly value={source.url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <p class="admin-person__meta">
        {t(`integrations.auth.${source.auth_mode}` as MessageKey)}
        {source.basic_username && ` · ${t('integrations.in.username')}: ${source.basic_username}`}
      </p>
      {source.secret && (
        <details class="integration__secret">
          <summary>{t(source.auth_mode === 'basic' ? 'integrations.in.password' : 'integrations.in.secret')}</summary>
          <code class="integration__code">{source.secret}</code>
        </details>
      )}
      <ul class="integration__rules">
        {source.rules.map((rule, index) => (
          <li key={index} class="integration__rule">
            <span>
              {'→ '}
              {rule.kind === 'outcome'
                ? t(rule.amount === 'value' ? 'integrations.in.rule_outcome_value' : 'integrations.in.rule_outcome', {
                    event: ruleEvent(rule),
                    measure: measureNames.get(rule.measure_id ?? 0) ?? `#${rule.measure_id}`,
                    path: rule.value_path ?? '',
                  })
                : t('integrations.in.rule', { event: ruleEvent(rule), behaviour: names.get(rule.behaviour_id ?? 0) ?? `#${rule.behaviour_id}` })}
              {rule.mode === 'suggest' && <span class="badge badge--muted">{t('integrations.rule.suggests')}</span>}
            </span>
            <button type="button" class="button button--ghost-dark button--small" disabled={submit.busy} aria-label={t('integrations.in.remove_rule', { event: rule.event })} onClick={() => void saveRules(source.rules.filter((_, n) => n !== index))}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <details class="integration__add-rule">
        <summary>{t('integrations.in.add_rule')}</summary>
        <RuleForm id={source.id} preset={source.preset} behaviours={behaviours} measures={measures} busy={submit.busy} onRule={(rule) => saveRules([...source.rules, rule])} />
      </details>
      {submit.error !== null && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
      <div class="form__actions integration__actions">
        <button type="button" class="button button--secondary button--small" aria-expanded={log !== null} onClick={() => (log ? setLog(null) : void submit.run(async () => setLog(await integrations.sourceLog(source.id))))}>
          {t('integrations.in.log')}
        </button>
        <button type="button" class="button button--ghost-dark button--small" disabled={submit.busy} onClick={remove}>
          {t('integrations.in.remove')}
        </button>
      </div>
      {log && (
        <ol class="integration__log" aria-label={t('integrations.in.log_label', { name: source.name })}>
          {log.length === 0 && <li class="muted">{t('integrations.in.log_empty')}</li>}
          {log.map((entry) => (
            <li key={entry.id} class="integration__entry">
              <time dateTime={entry.received_at}>{when.format(new Date(entry.received_at))}</time>
              <span>{entry.event ?? '—'}</span>
              <span class={`integration__state integration__state--${entry.outcome}`}>{t(`integrations.outcome.${entry.outcome}` as MessageKey)}</span>
              {entry.reason && <span class="muted">{entry.reason}</span>}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

function ModeField({ name, value, onValue }: { name: string; value: RuleMode; onValue: (mode: RuleMode) => void }) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t('integrations.rule_mode')}
      name={name}
      value={value}
      onValue={(next) => onValue(next as RuleMode)}
      options={RULE_MODES.map((m) => ({ value: m, label: t(`integrations.rule_mode.${m}` as MessageKey) }))}
      hint={t('integrations.rule_mode.hint')}
    />
  );
}

/** A rule's event with its condition, as the admin reads it: `change.deal (data.status = won)`. */
function ruleEvent(rule: Rule): string {
  const when = Object.entries(rule.when ?? {}).map(([path, value]) => `${path} = ${value}`);
  return when.length ? `${rule.event} (${when.join(', ')})` : rule.event;
}

/** One more mapping rule for a source: the event, and either the behaviour it counts as (at once or as a
 * suggestion) or the outcome it adds to (1 per event, or the deal's value) in the person's week. */
function RuleForm({ id, preset, behaviours, measures, busy, onRule }: { id: number; preset: SourcePreset; behaviours: BehaviourOption[]; measures: MeasureOption[]; busy: boolean; onRule: (rule: Rule) => Promise<void> }) {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<RuleKind>('behaviour');
  const [eventName, setEventName] = useState(EXAMPLE_EVENT[preset]);
  const [whenPath, setWhenPath] = useState('');
  const [whenValue, setWhenValue] = useState('');
  const [behaviour, setBehaviour] = useState('');
  const [measure, setMeasure] = useState('');
  const [amount, setAmount] = useState<'count' | 'value'>('count');
  const [valuePath, setValuePath] = useState(WON_DEAL[preset].value_path);
  const [mode, setMode] = useState<RuleMode>('checkin');

  function chooseKind(next: RuleKind) {
    setKind(next);
    // An outcome rule starts from a won deal in the vendor's payload; a behaviour rule from the preset's example.
    const won = WON_DEAL[preset];
    setEventName(next === 'outcome' ? won.event : EXAMPLE_EVENT[preset]);
    setWhenPath(next === 'outcome' && won.when ? won.when[0] : '');
    setWhenValue(next === 'outcome' && won.when ? won.when[1] : '');
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    const when = whenPath.trim() && whenValue.trim() ? { when: { [whenPath.trim()]: whenValue.trim() } } : {};
    if (kind === 'outcome') {
      await onRule({ event: eventName.trim(), kind, measure_id: Number(measure), amount, ...(amount === 'value' ? { value_path: valuePath.trim() } : {}), ...when });
      setMeasure('');
    } else {
      await onRule({ event: eventName.trim(), behaviour_id: Number(behaviour), mode, ...when });
      setBehaviour('');
    }
  }

  const ready = kind === 'outcome' ? !!measure && (amount === 'count' || !!valuePath.trim()) : !!behaviour;
  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <SelectField
        label={t('integrations.rule_kind')}
        name={`rule_kind_${id}`}
        value={kind}
        onValue={(next) => chooseKind(next as RuleKind)}
        options={RULE_KINDS.map((k) => ({ value: k, label: t(`integrations.rule_kind.${k}` as MessageKey) }))}
      />
      <div class="form__row">
        <TextField label={t('integrations.in.event')} name={`rule_event_${id}`} maxLength={200} value={eventName} onValue={setEventName} autocapitalize="off" spellcheck={false} />
        {kind === 'behaviour' ? (
          <SelectField label={t('integrations.in.behaviour')} name={`rule_behaviour_${id}`} value={behaviour} onValue={setBehaviour} options={[{ value: '', label: '—' }, ...behaviours.map((b) => ({ value: String(b.id), label: b.name }))]} />
        ) : (
          <SelectField label={t('integrations.in.measure')} name={`rule_measure_${id}`} value={measure} onValue={setMeasure} options={[{ value: '', label: '—' }, ...measures.map((m) => ({ value: String(m.id), label: locale === 'en' ? m.name_en : m.name_nl }))]} hint={measures.length === 0 ? t('integrations.in.no_measures') : undefined} />
        )}
      </div>
      <div class="form__row">
        <TextField label={t('integrations.in.when_path')} name={`rule_when_path_${id}`} maxLength={200} value={whenPath} onValue={setWhenPath} autocapitalize="off" spellcheck={false} hint={t('integrations.in.when_hint')} />
        <TextField label={t('integrations.in.when_value')} name={`rule_when_value_${id}`} maxLength={200} value={whenValue} onValue={setWhenValue} autocapitalize="off" spellcheck={false} />
      </div>
      {kind === 'behaviour' && <ModeField name={`rule_mode_${id}`} value={mode} onValue={setMode} />}
      {kind === 'outcome' && (
        <div class="form__row">
          <SelectField
            label={t('integrations.in.amount')}
            name={`rule_amount_${id}`}
            value={amount}
            onValue={(next) => setAmount(next as 'count' | 'value')}
            options={[
              { value: 'count', label: t('integrations.in.amount.count') },
              { value: 'value', label: t('integrations.in.amount.value') },
            ]}
            hint={t('integrations.in.amount_hint')}
          />
          {amount === 'value' && <TextField label={t('integrations.in.value_path')} name={`rule_value_path_${id}`} maxLength={200} value={valuePath} onValue={setValuePath} autocapitalize="off" spellcheck={false} />}
        </div>
      )}
      <button type="submit" class="button button--secondary button--small" disabled={busy || !ready || !eventName.trim()}>
        {t('integrations.in.save_rule')}
      </button>
    </form>
  );
}
