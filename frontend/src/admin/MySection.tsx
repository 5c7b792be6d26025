// On Me: "My data": download it, or delete the account. (The way into Beheer is among Me's shortcuts.)
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { PasswordField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { useSession } from '../session';
import { adminErrorMessage, downloadExport, formatBytes } from './data';

export function MyData() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [bytes, setBytes] = useState<number | null>(null);
  const download = useSubmit();

  function get(format: 'json' | 'zip') {
    setBytes(0);
    void download.run(() => downloadExport(`/me/export?format=${format}`, setBytes));
  }

  return (
    <section class="card" aria-labelledby="mydata-heading">
      <h2 class="card__title" id="mydata-heading">
        {t('admin.mydata.title')}
      </h2>
      <p class="card__intro">{t('admin.mydata.intro')}</p>
      {download.error !== null && <Notice kind="error">{adminErrorMessage(download.error, i18n)}</Notice>}
      {download.busy && bytes !== null && <p class="muted" role="status">{t('admin.export.received', { size: formatBytes(bytes, locale) })}</p>}
      <div class="form__actions">
        <button type="button" class="button button--secondary button--small" disabled={download.busy} onClick={() => get('json')}>
          {t('admin.mydata.json')}
        </button>
        <button type="button" class="button button--secondary button--small" disabled={download.busy} onClick={() => get('zip')}>
          {t('admin.mydata.csv')}
        </button>
      </div>
      <DeleteAccount />
    </section>
  );
}

function DeleteAccount() {
  const i18n = useI18n();
  const { t } = i18n;
  const { signOut } = useSession();
  const { route } = useLocation();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const submit = useSubmit();

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!password) return;
    const ok = await submit.run(() => api.post('/me/delete', { password }));
    if (ok) {
      await signOut().catch(() => undefined); // the server already ended the session
      route('/login?deleted=1', true);
    }
  }

  const wrong = submit.error instanceof ApiError && submit.error.code === 'wrong_password';
  if (!open) {
    return (
      <div class="admin-delete">
        <button type="button" class="button button--danger button--small" onClick={() => setOpen(true)}>
          {t('admin.mydata.delete')}
        </button>
      </div>
    );
  }
  return (
    <form class="form admin-delete admin-confirm" onSubmit={onSubmit} noValidate>
      <h3 class="subheading">{t('admin.mydata.delete')}</h3>
      <p>{t('admin.mydata.delete_explain')}</p>
      {submit.error !== null && !wrong && <Notice kind="error">{adminErrorMessage(submit.error, i18n)}</Notice>}
      <PasswordField label={t('admin.mydata.confirm_password')} name="confirm_password" autocomplete="current-password" required value={password} onValue={setPassword} error={wrong ? t('validation.current_password_wrong') : undefined} />
      <div class="form__actions">
        <button type="submit" class="button button--danger button--small" disabled={submit.busy || !password}>
          {t('admin.mydata.delete_really')}
        </button>
        <button type="button" class="button button--secondary button--small" onClick={() => setOpen(false)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
