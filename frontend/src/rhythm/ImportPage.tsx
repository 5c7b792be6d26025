import { useId, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { ImportReport, isImportReport, type ImportReportData } from '../components/ImportReport';
import { Notice } from '../components/Notice';
import { errorMessage, fieldErrors } from '../api/errors';
import { useSubmit } from '../components/form';
import { AdminLayout } from '../admin/AdminLayout';
import { downloadFile } from '../admin/data';
import { useI18n } from '../i18n/context';

/** Admins bring history over from spreadsheets: `email,behaviour,date[,note]`. */
export function ImportPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const fileId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [strict, setStrict] = useState(false);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<ImportReportData | null>(null);
  const submit = useSubmit();
  const template = useSubmit();

  async function onSubmit(event: Event) {
    event.preventDefault();
    setReport(null);
    const file = fileRef.current?.files?.[0];
    setMissingFile(!file);
    if (!file) {
      fileRef.current?.focus();
      return;
    }
    const form = new FormData();
    form.append('file', file);
    form.append('strict', strict ? 'true' : 'false');
    await submit.run(async () => {
      try {
        setReport(await api.upload<ImportReportData>('/imports/checkins', form));
      } catch (error) {
        // Strict with bad rows: the report still says which rows and why.
        if (error instanceof ApiError && isImportReport(error.body)) setReport(error.body);
        throw error;
      }
    });
  }

  const fileError = missingFile ? t('import.file_required') : fieldErrors(submit.error).file;
  const rejected = submit.error instanceof ApiError && submit.error.code === 'import_rejected';

  // Beheer → Import, admins only (the old address /import leads here).
  return (
    <AdminLayout title="import.title" adminOnly forbidden="import.forbidden">
      <p class="page-head__intro">{t('import.intro')}</p>
      <section class="card" aria-labelledby="import-heading">
        <h2 class="card__title" id="import-heading">
          {t('import.upload')}
        </h2>
        <p class="import-template">
          {t('import.template_intro')}{' '}
          {/* The server writes it: its header is always the one the import reads, in the admin's language. */}
          <button
            type="button"
            class="link-button import-template__link"
            disabled={template.busy}
            onClick={() => void template.run(() => downloadFile('/imports/checkins/template', 'ritme-import.csv'))}
          >
            {t('import.template_link')}
          </button>
        </p>
        {template.error !== null && <Notice kind="error">{errorMessage(template.error, i18n)}</Notice>}
        <form class="form" onSubmit={onSubmit} noValidate>
          {submit.error !== null && !rejected && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
          <div class={`field${fileError ? ' field--invalid' : ''}`}>
            <label class="field__label" for={fileId}>
              {t('import.file')}
            </label>
            <input
              ref={fileRef}
              id={fileId}
              name="file"
              type="file"
              accept=".csv,text/csv"
              class="field__input field__file"
              aria-invalid={fileError ? 'true' : undefined}
              aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
              onChange={() => setMissingFile(false)}
            />
            {fileError && (
              <p class="field__error" id={`${fileId}-error`}>
                {fileError}
              </p>
            )}
            <p class="field__hint" id={`${fileId}-hint`}>
              {t('import.file_hint')}
            </p>
          </div>
          <label class="checkbox">
            <input type="checkbox" name="strict" checked={strict} onChange={(event) => setStrict(event.currentTarget.checked)} />
            <span>{t('import.strict')}</span>
          </label>
          <button type="submit" class="button button--primary" disabled={submit.busy}>
            {submit.busy ? t('import.importing') : t('import.submit')}
          </button>
        </form>
      </section>

      {report && <ImportReport report={report} rejected={rejected} />}
    </AdminLayout>
  );
}
