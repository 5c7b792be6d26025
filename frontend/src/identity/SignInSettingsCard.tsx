// Beheer → Organisatie → Inloggen: connect the organisation's OpenID Connect provider (Microsoft Entra ID,
// Google Workspace or any other), the e-mail domains it covers and what happens to people Ritme does not know.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { fieldErrors } from '../api/errors';
import { PasswordField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { ProviderPolicy } from './ProviderPolicy';
import { identityErrorMessage, startProviderTest, testOutcome, getProvider, issuerFor, parseDomains, removeProvider, saveProvider, type Provider, type ProviderKind, type UnknownPeople } from './data';

const KINDS: ProviderKind[] = ['entra', 'google', 'generic'];
const POLICIES: UnknownPeople[] = ['refuse', 'create_staff'];
const CALLBACK = '/api/v1/auth/sso/callback';

interface Form {
  kind: ProviderKind;
  tenant: string;
  issuer: string;
  clientId: string;
  secret: string;
  domains: string;
  unknown: UnknownPeople;
}

const EMPTY: Form = { kind: 'entra', tenant: '', issuer: '', clientId: '', secret: '', domains: '', unknown: 'refuse' };

function formOf(provider: Provider): Form {
  return {
    kind: provider.kind,
    tenant: provider.tenant_id ?? '',
    issuer: provider.kind === 'generic' ? provider.issuer : '',
    clientId: provider.client_id,
    secret: '',
    domains: provider.domains.join(', '),
    unknown: provider.unknown_people,
  };
}

export function SignInSettingsCard() {
  const i18n = useI18n();
  const { t } = i18n;
  const [provider, setProvider] = useState<Provider | null | undefined>(undefined);
  const [form, setForm] = useState<Form>(EMPTY);
  const [message, setMessage] = useState<MessageKey | null>(null);
  const submit = useSubmit();
  const server = fieldErrors(submit.error);
  const { query } = useLocation();
  const tested = testOutcome(query.sso_test, query.sso_test_email, i18n);

  useEffect(() => {
    getProvider().then(
      (found) => {
        setProvider(found);
        setForm(formOf(found));
      },
      (error: unknown) => (error instanceof ApiError && error.status === 404 ? setProvider(null) : submit.setError(error)),
    );
  }, [submit.setError]);

  function set<K extends keyof Form>(key: K, value: Form[K]) {
    setMessage(null);
    setForm((current) => ({ ...current, [key]: value }));
  }

  async function onSave(event: Event) {
    event.preventDefault();
    let saved: Provider | null = null;
    const ok = await submit.run(async () => {
      saved = await saveProvider({
        kind: form.kind,
        tenant_id: form.kind === 'entra' ? form.tenant.trim() || null : null,
        issuer: form.kind === 'generic' ? form.issuer.trim() || null : null,
        client_id: form.clientId.trim(),
        ...(form.secret ? { client_secret: form.secret } : {}),
        domains: parseDomains(form.domains),
        unknown_people: form.unknown,
      });
    });
    if (ok && saved) {
      setProvider(saved);
      setForm(formOf(saved));
      setMessage(provider ? 'identity.admin.saved' : 'identity.admin.connected');
    }
  }

  async function onRemove() {
    if (!window.confirm(t('identity.admin.disconnect_confirm'))) return;
    if (await submit.run(removeProvider)) {
      setProvider(null);
      setForm(EMPTY);
      setMessage('identity.admin.disconnected');
    }
  }

  const redirectUri = provider?.redirect_uri ?? `${window.location.origin}${CALLBACK}`;
  return (
    <section class="card" aria-labelledby="identity-heading">
      <h2 class="card__title" id="identity-heading">
        {t('identity.admin.title')}
      </h2>
      <p class="card__intro">{t('identity.admin.intro')}</p>
      {provider && (
        <p class="identity-status">
          <span class="identity-status__dot" aria-hidden="true" />
          {t('identity.admin.status_connected', { name: provider.provider_name })}
        </p>
      )}
      {submit.error !== null && <Notice kind="error">{identityErrorMessage(submit.error, i18n)}</Notice>}
      {message && <Notice kind="success">{t(message)}</Notice>}
      {tested && !message && <Notice kind={tested.ok ? 'success' : 'error'}>{tested.text}</Notice>}
      {provider !== undefined && (
        <form class="form" onSubmit={onSave} noValidate>
          <fieldset class="radio-group">
            <legend class="field__label">{t('identity.admin.kind')}</legend>
            {KINDS.map((kind) => (
              <label key={kind} class="checkbox admin-radio">
                <input type="radio" name="kind" value={kind} checked={form.kind === kind} onChange={() => set('kind', kind)} />
                <span>
                  <strong>{t(`identity.admin.kind.${kind}` as MessageKey)}</strong>
                  <span class="admin-radio__hint">{t(`identity.admin.kind.${kind}_hint` as MessageKey)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {form.kind === 'entra' && (
            <TextField label={t('identity.admin.tenant')} name="tenant_id" autocapitalize="off" spellcheck={false} value={form.tenant} onValue={(v) => set('tenant', v)} hint={t('identity.admin.tenant_hint')} error={server.tenant_id} />
          )}
          {form.kind === 'generic' ? (
            <TextField label={t('identity.admin.issuer')} name="issuer" type="url" inputMode="url" autocapitalize="off" spellcheck={false} value={form.issuer} onValue={(v) => set('issuer', v)} hint={t('identity.admin.issuer_hint')} error={server.issuer} />
          ) : (
            <p class="identity-issuer">
              <span class="field__label">{t('identity.admin.issuer')}</span>
              <code>{issuerFor(form.kind, form.tenant, form.issuer)}</code>
              {server.issuer && <span class="field__error">{server.issuer}</span>}
            </p>
          )}
          <div class="identity-issuer">
            <span class="field__label">{t('identity.admin.redirect_uri')}</span>
            <code>{redirectUri}</code>
            <span class="field__hint">{t('identity.admin.redirect_uri_hint')}</span>
          </div>
          <TextField label={t('identity.admin.client_id')} name="client_id" autocapitalize="off" spellcheck={false} value={form.clientId} onValue={(v) => set('clientId', v)} error={server.client_id} />
          <PasswordField
            label={t('identity.admin.client_secret')}
            name="client_secret"
            autocomplete="off"
            value={form.secret}
            onValue={(v) => set('secret', v)}
            hint={provider?.has_client_secret ? t('identity.admin.client_secret_kept') : t('identity.admin.client_secret_hint')}
            error={server.client_secret}
          />
          <TextField label={t('identity.admin.domains')} name="domains" autocapitalize="off" spellcheck={false} value={form.domains} onValue={(v) => set('domains', v)} hint={t('identity.admin.domains_hint')} error={server.domains} />
          <fieldset class="radio-group">
            <legend class="field__label">{t('identity.admin.unknown')}</legend>
            {POLICIES.map((policy) => (
              <label key={policy} class="checkbox admin-radio">
                <input type="radio" name="unknown_people" value={policy} checked={form.unknown === policy} onChange={() => set('unknown', policy)} />
                <span>
                  <strong>{t(`identity.admin.unknown.${policy}` as MessageKey)}</strong>
                  <span class="admin-radio__hint">{t(`identity.admin.unknown.${policy}_hint` as MessageKey)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div class="identity-actions">
            <button type="submit" class="button button--primary" disabled={submit.busy}>
              {provider ? t('admin.save') : t('identity.admin.connect')}
            </button>
            {provider && (
              <button type="button" class="button button--secondary" disabled={submit.busy} onClick={() => void submit.run(() => startProviderTest())}>
                {t('identity.admin.test')}
              </button>
            )}
            {provider && (
              <button type="button" class="button button--secondary" disabled={submit.busy} onClick={onRemove}>
                {t('identity.admin.disconnect')}
              </button>
            )}
          </div>
        </form>
      )}
      {provider && <ProviderPolicy provider={provider} onSaved={setProvider} />}
    </section>
  );
}
