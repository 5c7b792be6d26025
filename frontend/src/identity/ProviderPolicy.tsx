// Beheer → Organisatie → Inloggen: require the provider for everyone but one break-glass admin, who may keep
// signing in with a password for when the provider is down. Passkeys keep working for everyone. Before saving, the
// form says what the choice means: the break-glass admin is then the only one with a password (and cannot be
// deactivated, demoted or erased until another is chosen: the server refuses), may have no password yet, and the
// admin filling it in signs in through the provider or a passkey from then on.
import { useState } from 'preact/hooks';
import { fieldErrors } from '../api/errors';
import { SelectField } from '../components/Field';
import { Notice } from '../components/Notice';
import './identity.css';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { identityErrorMessage, policyWarnings, savePolicy, type Provider } from './data';

export function ProviderPolicy({ provider, onSaved }: { provider: Provider; onSaved: (saved: Provider) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [required, setRequired] = useState(provider.require_provider);
  const [breakGlass, setBreakGlass] = useState(provider.break_glass_user_id ? String(provider.break_glass_user_id) : '');
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const server = fieldErrors(submit.error);
  const me = useMe();
  const admins = provider.admins;
  const chosen = admins.find((a) => String(a.id) === breakGlass);
  const warnings = policyWarnings(required, chosen?.id ?? null, admins, me.id);

  async function onSave(event: Event) {
    event.preventDefault();
    setSaved(false);
    let answer: Provider | null = null;
    const ok = await submit.run(async () => {
      answer = await savePolicy({ require_provider: required, break_glass_user_id: breakGlass ? Number(breakGlass) : null });
    });
    if (ok && answer) {
      onSaved(answer);
      setSaved(true);
    }
  }

  return (
    <form class="form identity-policy" onSubmit={onSave} noValidate aria-labelledby="identity-policy-heading">
      <h3 class="field__label" id="identity-policy-heading">
        {t('identity.admin.policy')}
      </h3>
      {submit.error !== null && !server.break_glass_user_id && <Notice kind="error">{identityErrorMessage(submit.error, i18n)}</Notice>}
      {saved && <Notice kind="success">{t('identity.admin.policy_saved')}</Notice>}
      <label class="checkbox">
        <input
          type="checkbox"
          name="require_provider"
          checked={required}
          onChange={(event) => {
            setSaved(false);
            setRequired(event.currentTarget.checked);
          }}
        />
        <span>
          {t('identity.admin.require')}
          <span class="admin-radio__hint">{t('identity.admin.require_hint')}</span>
        </span>
      </label>
      <SelectField
        label={t('identity.admin.break_glass')}
        name="break_glass_user_id"
        value={breakGlass}
        onValue={(value) => {
          setSaved(false);
          setBreakGlass(value);
        }}
        options={[
          { value: '', label: t('identity.admin.break_glass_none') },
          ...admins.map((a) => ({ value: String(a.id), label: a.has_password ? a.name : t('identity.admin.break_glass_option_no_password', { name: a.name }) })),
        ]}
        hint={t('identity.admin.break_glass_hint')}
        error={server.break_glass_user_id}
      />
      {chosen && warnings.length > 0 && (
        <div class="identity-policy__warnings" data-testid="policy-warnings">
          {warnings.map((warning) => (
            <Notice key={warning} kind="info">
              {t(`identity.admin.warning.${warning}`, { name: chosen.name })}
            </Notice>
          ))}
        </div>
      )}
      <div class="identity-actions">
        <button type="submit" class="button button--primary" disabled={submit.busy}>
          {t('identity.admin.policy_save')}
        </button>
      </div>
    </form>
  );
}
