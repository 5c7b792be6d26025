import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { onUpdateReady } from '../worker/register';
import { RefreshIcon } from './icons';

/** "A new version is available — reload": the user decides when the new worker takes over. */
export function UpdatePrompt() {
  const { t } = useI18n();
  const [applyUpdate, setApplyUpdate] = useState<(() => void) | null>(null);
  const [dismissed, setDismissed] = useState(false);

  // Store the function itself, not call it: setState treats a function as an updater.
  useEffect(() => onUpdateReady((apply) => setApplyUpdate(() => apply)), []);

  if (!applyUpdate || dismissed) return null;
  return (
    <div class="update-prompt" role="status">
      <RefreshIcon size={20} />
      <p>{t('update.available')}</p>
      <div class="update-prompt__actions">
        <button type="button" class="button button--ghost button--small" onClick={() => setDismissed(true)}>
          {t('update.dismiss')}
        </button>
        <button type="button" class="button button--primary button--small" onClick={applyUpdate}>
          {t('update.reload')}
        </button>
      </div>
    </div>
  );
}
