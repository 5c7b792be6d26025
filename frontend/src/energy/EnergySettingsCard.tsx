// Beheer → Organisatie → Energie: the opt-in switch and the threshold (never below 5, enforced by the server),
// with the privacy page the works council reads first.
import { useEffect, useState } from 'preact/hooks';
import { fieldErrors, errorMessage } from '../api/errors';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { getSettings, saveSettings, type EnergySettings } from './data';

export function EnergySettingsCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const [settings, setSettings] = useState<EnergySettings | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [threshold, setThreshold] = useState('5');
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const server = fieldErrors(submit.error);

  useEffect(() => {
    getSettings().then((found) => {
      setSettings(found);
      setEnabled(found.enabled);
      setThreshold(String(found.threshold));
    }, submit.setError);
  }, [submit.setError]);

  const minimum = settings?.minimum_threshold ?? 5;
  const number = Number(threshold);
  const tooLow = threshold !== '' && (!Number.isInteger(number) || number < minimum);

  async function onSubmit(event: Event) {
    event.preventDefault();
    setSaved(false);
    if (tooLow) return;
    let answer: EnergySettings | null = null;
    if (await submit.run(async () => (answer = await saveSettings({ enabled, threshold: number })))) {
      setSettings(answer);
      setSaved(true);
    }
  }

  return (
    <section class="card" aria-labelledby="energy-settings-heading">
      <h2 class="card__title" id="energy-settings-heading">
        {t('energy.admin.title')}
      </h2>
      <p class="card__intro">{t('energy.admin.intro')}</p>
      <p>
        <a href="/privacy?section=energy">{t('energy.admin.privacy_link')}</a>
      </p>
      {submit.error !== null && !server.threshold && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      {saved && <Notice kind="success">{t('energy.admin.saved')}</Notice>}
      {settings && (
        <form class="form" onSubmit={onSubmit} noValidate>
          <label class="checkbox checkbox--inline">
            <input type="checkbox" checked={enabled} onChange={(event) => (setSaved(false), setEnabled(event.currentTarget.checked))} />
            <span>{t('energy.admin.enabled')}</span>
          </label>
          <TextField
            label={t('energy.admin.threshold')}
            type="number"
            inputMode="numeric"
            min={minimum}
            value={threshold}
            onValue={(value) => (setSaved(false), setThreshold(value))}
            hint={t('energy.admin.threshold_hint', { k: minimum })}
            error={tooLow ? t('energy.admin.threshold_too_low', { k: minimum }) : server.threshold}
          />
          <div class="form__actions">
            <button class="button" type="submit" disabled={submit.busy}>
              {t('energy.admin.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
