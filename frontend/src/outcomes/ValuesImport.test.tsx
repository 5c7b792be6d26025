import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { ImportReport, type ImportReportData } from '../components/ImportReport';
import { I18nProvider } from '../i18n/context';

function html(report: ImportReportData): string {
  return renderToString(
    <I18nProvider initial="en">
      <ImportReport report={report} />
    </I18nProvider>,
  );
}

describe('the import report', () => {
  const base = { imported: 2, skipped_existing: 0, invalid: 1, errors: [{ line: 4, reason: 'Unknown team: Sales West.' }] };

  it('counts the figures an outcome import replaced', () => {
    const text = html({ ...base, updated: 3 });
    expect(text).toContain('Replaced');
    expect(text).toContain('Unknown team: Sales West.');
  });

  it('says nothing of replacing where an import never replaces', () => {
    expect(html(base)).not.toContain('Replaced');
    expect(html(base)).toContain('Already there');
  });
});
