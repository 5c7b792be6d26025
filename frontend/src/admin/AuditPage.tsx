// The audit log: who did which administrative action, newest first, paged backwards.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { type MessageKey, catalogues } from '../i18n/messages';
import { AdminLayout } from './AdminLayout';
import { adminErrorMessage, type AuditEntry } from './data';

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
                <strong>{entry.actor?.name ?? t('admin.audit.system')}</strong> {actionText(entry.action, t)}
                {entry.target_name && <> · <span class="admin-audit__target">{entry.target_name}</span></>}
              </p>
              {Object.keys(entry.details).length > 0 && <p class="admin-audit__details">{detailsText(entry.details, t)}</p>}
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

function actionText(action: string, t: (key: MessageKey) => string): string {
  const key = `admin.audit.action.${action}`;
  return known(key) ? t(key as MessageKey) : action.replace(/_/g, ' ');
}

type T = (key: MessageKey) => string;

/** "rol: Verkoper → Medewerker · team: Sales Noord" — known keys and values in the reader's language. */
function detailsText(details: Record<string, unknown>, t: T): string {
  if ('from' in details && 'to' in details) {
    return `${format(details.from, t)} → ${format(details.to, t)}`;
  }
  return Object.entries(details)
    .map(([key, value]) => {
      const label = known(`admin.audit.key.${key}`) ? t(`admin.audit.key.${key}` as MessageKey) : key.replace(/_/g, ' ');
      if (Array.isArray(value) && value.length === 2) return `${label}: ${format(value[0], t)} → ${format(value[1], t)}`;
      return `${label}: ${format(value, t)}`;
    })
    .join(' · ');
}

function known(key: string): boolean {
  return key in catalogues.nl;
}

function format(value: unknown, t: T): string {
  if (Array.isArray(value)) return value.map((item) => format(item, t)).join(', ') || '—';
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return t(value ? 'admin.audit.yes' : 'admin.audit.no');
  if (typeof value === 'string' && known(`role.${value}`)) return t(`role.${value}` as MessageKey);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
