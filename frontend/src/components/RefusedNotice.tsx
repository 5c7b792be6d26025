// A write from the offline queue that the server refused: what it was, the server's reason, and
// a button to dismiss it once read. Each screen shows the refusals of its own kinds of writes.
import { useI18n } from '../i18n/context';
import type { Refusal } from '../offline/queue';

export function RefusedNotice({ refusal, title, detail, onDismiss }: { refusal: Refusal; title: string; detail?: string; onDismiss: () => void }) {
  const { t } = useI18n();
  return (
    <div class="notice notice--error refused" role="alert" data-refused={refusal.client_id}>
      <div class="refused__text">
        <p class="refused__title">{title}</p>
        {refusal.reason && <p>{refusal.reason}</p>}
        {detail && <p class="refused__date">{detail}</p>}
      </div>
      <button type="button" class="button button--small button--danger" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
