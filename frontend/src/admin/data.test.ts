import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { adminErrorMessage, formatBytes } from './data';

const i18n = { t: (key: string) => key, tn: (key: string) => key } as never;

describe('admin helpers', () => {
  it('shows export progress in kB and MB in the reader language', () => {
    expect(formatBytes(512, 'en')).toBe('0.5 kB');
    expect(formatBytes(1536 * 1024, 'nl')).toBe('1,5 MB');
  });

  it('uses the server wording for codes only administration meets', () => {
    expect(adminErrorMessage(new ApiError(409, 'last_admin', 'This is the last active admin.'), i18n)).toBe('This is the last active admin.');
    expect(adminErrorMessage(new ApiError(403, 'forbidden', 'x'), i18n)).toBe('error.forbidden');
  });
});
