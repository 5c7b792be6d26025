// Managers (for the teams they manage) and admins bring weekly figures in from a CSV (week, team, measure,
// value): the same line-numbered report as the check-in and NPS imports, plus the figures it replaced.
import { useId, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { ImportReport, isImportReport, type ImportReportData } from '../components/ImportReport';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';

export function ValuesImport({ onImported }: { onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fileId = useId();
  const headingId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [report, setReport] = useState<ImportReportData | null>(null);
  const submit = useSubmit();

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
    const ok = await submit.run(async () => {
      try {
        setReport(await api.upload<ImportReportData>('/imports/outcomes', form));
      } catch (error) {
        if (error instanceof ApiError && isImportReport(error.body)) setReport(error.body);
        throw error;
      }
    });
    if (ok) onImported();
  }

  const fileError = missingFile ? t('import.file_required') : fieldErrors(submit.error).file;

  return (
    <section class="card ww-import" aria-labelledby={headingId}>
      <h2 class="card__title" id={headingId}>
        {t('whatworks.import_title')}
      </h2>
      <p class="muted">{t('whatworks.import_intro')}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
        <div class={`field${fileError ? ' field--invalid' : ''}`}>
          <label class="field__label" for={fileId}>
            {t('whatworks.import_file')}
          </label>
          <input
            ref={fileRef}
            id={fileId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            class="field__input field__file"
            aria-invalid={fileError ? 'true' : undefined}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
            onChange={() => setMissingFile(false)}
          />
          {fileError && (
            <p class="field__error" id={`${fileId}-error`}>
              {fileError}
            </p>
          )}
        </div>
        <button type="submit" class="button button--secondary" disabled={submit.busy}>
          {submit.busy ? t('import.importing') : t('whatworks.import_submit')}
        </button>
      </form>
      {report && <ImportReport report={report} level={3} card={false} />}
    </section>
  );
}
