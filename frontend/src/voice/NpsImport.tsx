// Managers and admins bring NPS survey results in from a CSV export (date, score, comment,
// customer): the same line-numbered report as the check-in import.
import { useId, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { ImportReport, isImportReport, type ImportReportData } from '../components/ImportReport';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';

export function NpsImport({ teams, onImported }: { teams: { id: number; name: string }[]; onImported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fileId = useId();
  const teamId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [team, setTeam] = useState('');
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
    if (team) form.append('team_id', team);
    const ok = await submit.run(async () => {
      try {
        setReport(await api.upload<ImportReportData>('/imports/nps', form));
      } catch (error) {
        if (error instanceof ApiError && isImportReport(error.body)) setReport(error.body);
        throw error;
      }
    });
    if (ok) onImported();
  }

  const fileError = missingFile ? t('import.file_required') : fieldErrors(submit.error).file;

  return (
    <details class="card vc-import">
      <summary class="vc-import__summary">{t('voice.import_title')}</summary>
      <p class="muted">{t('voice.import_intro')}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
        <div class={`field${fileError ? ' field--invalid' : ''}`}>
          <label class="field__label" for={fileId}>
            {t('voice.import_file')}
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
        <div class="field">
          <label class="field__label" for={teamId}>
            {t('voice.department')}
          </label>
          <select id={teamId} name="team_id" class="field__input field__select" value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
            <option value="">{t('voice.no_department')}</option>
            {teams.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--secondary" disabled={submit.busy}>
          {submit.busy ? t('import.importing') : t('voice.import_submit')}
        </button>
      </form>
      {report && <ImportReport report={report} level={3} card={false} />}
    </details>
  );
}
