// The audit log: who did which administrative action, newest first, paged backwards.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { AdminLayout } from './AdminLayout';
import { adminErrorMessage, auditActionText, auditDetailsText, type AuditEntry } from './data';

const PAGE = 50;

export function AuditPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const paging = useSubmit();

  async function load(before?: number) {
    const page = await api.get<AuditEntry[]>(`/admin/audit?limit=${PAGE}${before ? `&before_id=${before}` : ''}`);
    setEntries((current) => (before && current ? [...current, ...page] : page));
    setMore(page.length === PAGE);
  }

  useEffect(() => {
    void paging.run(() => load());
  }, []);

  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <AdminLayout title="admin.audit.title" adminOnly>
      <p class="page-head__intro">{t('admin.audit.intro')}</p>
      {paging.error !== null && <Notice kind="error">{adminErrorMessage(paging.error, i18n)}</Notice>}
      {entries && entries.length === 0 && <p class="muted">{t('admin.audit.none')}</p>}
      {entries && entries.length > 0 && (
        <ol class="card admin-audit">
          {entries.map((entry) => (
            <li key={entry.id} class="admin-audit__entry">
              <time class="admin-audit__time" dateTime={entry.at}>
                {when.format(new Date(entry.at))}
              </time>
              <p class="admin-audit__what">
                <strong>{entry.actor?.name ?? t('admin.audit.system')}</strong> {auditActionText(entry.action, i18n)}
                {entry.target_name && <> · <span class="admin-audit__target">{entry.target_name}</span></>}
              </p>
              {auditDetailsText(entry.details, i18n) && <p class="admin-audit__details">{auditDetailsText(entry.details, i18n)}</p>}
            </li>
          ))}
        </ol>
      )}
      {more && entries && (
        <button type="button" class="button button--secondary button--block" disabled={paging.busy} onClick={() => paging.run(() => load(entries[entries.length - 1].id))}>
          {t('admin.audit.more')}
        </button>
      )}
    </AdminLayout>
  );
}
