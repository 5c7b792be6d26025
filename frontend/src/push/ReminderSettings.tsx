// "Herinneringen" on the profile page: turn notifications on for this device (from a tap, with the
// why said first), choose when and about what, and send a test notification.
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { Notice } from '../components/Notice';
import { errorMessage } from '../api/errors';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { disableReminders, enableReminders, pushState, sendTestNotification, type PushState, type TestResult, EVENT_KINDS, loadSettings, saveSettings, type ReminderSettings } from './data';
import type { Me } from '../accounts/data';

export function ReminderSection({ me }: { me: Me }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [state, setState] = useState<PushState | null>(null);
  const device = useSubmit();

  useEffect(() => {
    void pushState().then(setState);
  }, []);

  async function turnOn() {
    // Straight from the tap: the browser only shows its permission prompt for a user gesture.
    await device.run(async () => setState(await enableReminders()));
  }

  async function turnOff() {
    await device.run(async () => {
      await disableReminders();
      setState(await pushState());
    });
  }

  return (
    <section class="card reminders" aria-labelledby="reminders-heading">
      <h2 class="card__title" id="reminders-heading">
        {t('push.title')}
      </h2>
      <p class="card__intro">{t('push.intro')}</p>
      {device.error !== null && <Notice kind="error">{errorMessage(device.error, i18n)}</Notice>}
      {state === 'unsupported' && <Notice kind="info">{t('push.unsupported')}</Notice>}
      {state === 'denied' && <Notice kind="info">{t('push.denied')}</Notice>}
      {state === 'off' && (
        <div class="stack">
          <p class="form__note">{t('push.why')}</p>
          <button type="button" class="button button--primary button--block" disabled={device.busy} onClick={turnOn}>
            {device.busy ? t('push.enabling') : t('push.enable')}
          </button>
        </div>
      )}
      {state === 'on' && (
        <div class="reminders__device">
          <Notice kind="success">{t('push.on')}</Notice>
          <button type="button" class="button button--secondary button--small" disabled={device.busy} onClick={turnOff}>
            {t('push.disable')}
          </button>
        </div>
      )}
      {/* The settings matter once this device receives them; until then the why and the button. */}
      {state === 'on' && <SettingsForm me={me} />}
      {state === 'on' && <TestButton />}
    </section>
  );
}

function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday: ISO weekday 1.
  return Array.from({ length: 7 }, (_, n) => format.format(new Date(Date.UTC(2024, 0, 1 + n))));
}

function SettingsForm({ me }: { me: Me }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [settings, setSettings] = useState<ReminderSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const load = useSubmit();
  const submit = useSubmit();
  const id = useId();
  const days = useMemo(() => weekdayNames(locale), [locale]);
  const manages = me.teams.some((team) => team.manages);

  useEffect(() => {
    void load.run(async () => setSettings(await loadSettings()));
  }, [load.run]);

  if (load.error !== null) return <Notice kind="error">{errorMessage(load.error, i18n)}</Notice>;
  if (!settings) return <p class="form__note">{t('common.loading')}</p>;

  const change = (patch: Partial<ReminderSettings>) => {
    setSaved(false);
    setSettings({ ...settings, ...patch });
  };
  const quiet = settings.quiet_start !== null && settings.quiet_end !== null;

  async function onSubmit(event: Event) {
    event.preventDefault();
    setSaved(false);
    const { enabled: _enabled, ...rest } = settings!;
    if (await submit.run(async () => setSettings(await saveSettings(rest)))) setSaved(true);
  }

  return (
    <form class="form reminders__form" onSubmit={onSubmit} noValidate>
      {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      <div class="field">
        <label class="field__label" for={`${id}-time`}>
          {t('push.time')}
        </label>
        <input
          id={`${id}-time`}
          class="field__input reminders__time"
          type="time"
          required
          value={settings.reminder_time}
          aria-describedby={`${id}-time-hint`}
          onInput={(event) => change({ reminder_time: event.currentTarget.value })}
        />
        <p class="field__hint" id={`${id}-time-hint`}>
          {t('push.time_hint')}
        </p>
      </div>

      <fieldset class="checkbox-group checkbox-group--days">
        <legend class="field__label">{t('push.days')}</legend>
        {days.map((name, n) => (
          <label key={n} class="checkbox">
            <input
              type="checkbox"
              name="days"
              value={n + 1}
              checked={settings.days.includes(n + 1)}
              onChange={(event) =>
                change({
                  days: event.currentTarget.checked
                    ? [...settings.days, n + 1].sort()
                    : settings.days.filter((d) => d !== n + 1),
                })
              }
            />
            <span>{name}</span>
          </label>
        ))}
      </fieldset>

      <fieldset class="checkbox-group">
        <legend class="field__label">{t('push.quiet')}</legend>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={quiet}
            onChange={(event) =>
              change(
                event.currentTarget.checked
                  ? { quiet_start: '22:00', quiet_end: '07:00' }
                  : { quiet_start: null, quiet_end: null },
              )
            }
          />
          <span>{t('push.quiet_on')}</span>
        </label>
        {quiet && (
          <div class="reminders__pair">
            <div class="field">
              <label class="field__label" for={`${id}-quiet-start`}>
                {t('push.quiet_from')}
              </label>
              <input
                id={`${id}-quiet-start`}
                class="field__input"
                type="time"
                value={settings.quiet_start ?? ''}
                onInput={(event) => change({ quiet_start: event.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label class="field__label" for={`${id}-quiet-end`}>
                {t('push.quiet_until')}
              </label>
              <input
                id={`${id}-quiet-end`}
                class="field__input"
                type="time"
                value={settings.quiet_end ?? ''}
                onInput={(event) => change({ quiet_end: event.currentTarget.value })}
              />
            </div>
          </div>
        )}
        {quiet && <p class="field__hint">{t('push.quiet_hint')}</p>}
      </fieldset>

      <fieldset class="checkbox-group">
        <legend class="field__label">{t('push.more')}</legend>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={settings.streak_at_risk}
            onChange={(event) => change({ streak_at_risk: event.currentTarget.checked })}
          />
          <span>{t('push.streak')}</span>
        </label>
        {settings.streak_at_risk && (
          <div class="field reminders__indent">
            <label class="field__label" for={`${id}-streak`}>
              {t('push.streak_time')}
            </label>
            <input
              id={`${id}-streak`}
              class="field__input reminders__time"
              type="time"
              value={settings.streak_time}
              onInput={(event) => change({ streak_time: event.currentTarget.value })}
            />
          </div>
        )}
        {me.role === 'rep' && (
          <label class="checkbox">
            <input
              type="checkbox"
              checked={settings.reflection_prompt}
              onChange={(event) => change({ reflection_prompt: event.currentTarget.checked })}
            />
            <span>{t('push.reflection')}</span>
          </label>
        )}
        {manages && (
          <label class="checkbox">
            <input
              type="checkbox"
              checked={settings.manager_summary}
              onChange={(event) => change({ manager_summary: event.currentTarget.checked })}
            />
            <span>{t('push.summary')}</span>
          </label>
        )}
      </fieldset>

      <fieldset class="checkbox-group">
        <legend class="field__label">{t('push.events')}</legend>
        {EVENT_KINDS.map((kind) => (
          <label key={kind} class="checkbox">
            <input
              type="checkbox"
              checked={settings.events[kind]}
              onChange={(event) => change({ events: { ...settings.events, [kind]: event.currentTarget.checked } })}
            />
            <span>{t(`push.event.${kind}` as MessageKey)}</span>
          </label>
        ))}
      </fieldset>

      {saved && <Notice kind="success">{t('push.saved')}</Notice>}
      <button type="submit" class="button button--secondary" disabled={submit.busy}>
        {t('push.save')}
      </button>
    </form>
  );
}

function TestButton() {
  const i18n = useI18n();
  const { t, tn } = i18n;
  const [result, setResult] = useState<TestResult | null>(null);
  const submit = useSubmit();

  async function send() {
    setResult(null);
    await submit.run(async () => setResult(await sendTestNotification()));
  }

  return (
    <div class="stack reminders__test">
      <button type="button" class="button button--secondary button--block" disabled={submit.busy} onClick={send}>
        {t('push.test')}
      </button>
      {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      {result && result.devices === 0 && <Notice kind="info">{t('push.test_none')}</Notice>}
      {result && result.devices > 0 && result.sent === result.devices && (
        <Notice kind="success">{tn('push.test_sent', result.devices)}</Notice>
      )}
      {result && result.devices > 0 && result.sent < result.devices && (
        <Notice kind="info">{t('push.test_partial', { sent: result.sent, devices: result.devices })}</Notice>
      )}
    </div>
  );
}
