// The report of a CSV import (check-ins, NPS results, outcome figures): counts, then each bad line with its number and
// reason, as the server's import report says (backend/rhythm/import_schemas.py, ImportReport).
import { useId } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { Notice } from './Notice';

export interface ImportReportData {
  imported: number;
  skipped_existing: number;
  /** Rows that replaced a figure already stored (the outcome import); absent where an import never replaces. */
  updated?: number;
  invalid: number;
  errors: { line: number; reason: string }[];
}

/** A refusal's body that is a report (a strict import with bad lines answers one with its error). */
export function isImportReport(value: unknown): value is ImportReportData {
  return typeof value === 'object' && value !== null && 'imported' in value && Array.isArray((value as ImportReportData).errors);
}

export function ImportReport({
  report,
  rejected = false,
  level = 2,
  card = true,
}: {
  report: ImportReportData;
  /** A strict import wrote nothing: say so above the counts. */
  rejected?: boolean;
  level?: 2 | 3;
  card?: boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section class={card ? 'card' : undefined} aria-labelledby={headingId} role="status" data-testid="import-report">
      <Heading class="card__title" id={headingId}>
        {t('import.report')}
      </Heading>
      {rejected && <Notice kind="error">{t('import.rejected')}</Notice>}
      <dl class="stats">
        <div class="stats__item">
          <dt>{t('import.imported')}</dt>
          <dd>{i18n.n(report.imported)}</dd>
        </div>
        <div class="stats__item">
          <dt>{t('import.skipped')}</dt>
          <dd>{i18n.n(report.skipped_existing)}</dd>
        </div>
        {report.updated !== undefined && (
          <div class="stats__item">
            <dt>{t('import.updated')}</dt>
            <dd>{i18n.n(report.updated)}</dd>
          </div>
        )}
        <div class="stats__item">
          <dt>{t('import.invalid')}</dt>
          <dd>{i18n.n(report.invalid)}</dd>
        </div>
      </dl>
      {report.errors.length > 0 && (
        <table class="report-table">
          <caption class="visually-hidden">{t('import.errors')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.line')}</th>
              <th scope="col">{t('import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((error) => (
              <tr key={`${error.line}-${error.reason}`}>
                <td>{error.line}</td>
                <td>{error.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
