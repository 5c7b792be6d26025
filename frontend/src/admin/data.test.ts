import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { formatNumber, translate, type MessageKey } from '../i18n/messages';
import { adminErrorMessage, auditActionText, auditDetailsText, firstRunSteps, formatBytes } from './data';

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

describe('the audit log in words', () => {
  const dutch = { t: (key: MessageKey) => translate('nl', key), n: (value: number) => formatNumber(value, 'nl') };
  const english = { t: (key: MessageKey) => translate('en', key), n: (value: number) => formatNumber(value, 'en') };

  it('words stored codes as the settings screens do, never raw', () => {
    expect(auditDetailsText({ visibility: ['open', 'teams_first'] }, dutch)).toBe('zichtbaarheid: Open → Teams eerst');
    expect(auditDetailsText({ kind: 'operations' }, dutch)).toBe('soort: Operations');
    expect(auditDetailsText({ kind: 'customer_service' }, dutch)).toBe('soort: Klantenservice');
    expect(auditDetailsText({ locale: ['nl', 'en'] }, dutch)).toBe('taal: Nederlands → English');
    expect(auditDetailsText({ from: 'rep', to: 'staff' }, english)).toBe('Sales rep → Staff');
  });

  it('writes numbers the reader\'s way and leaves internal ids out', () => {
    expect(auditDetailsText({ win_points: [10, 12.5] }, dutch)).toBe('punten per succes: 10 → 12,5');
    expect(auditDetailsText({ author_id: 7 }, dutch)).toBe('');
  });

  it('words the action, and an unknown one readably', () => {
    expect(auditActionText('team_created', dutch)).toBe('heeft een team aangemaakt:');
    expect(auditActionText('something_new', dutch)).toBe('something new');
  });
});

describe('the first-run checklist', () => {
  it('starts with all three steps open for a new organisation of one admin', () => {
    const steps = firstRunSteps({ teams: 0, behaviours: 0, people: 1, invites: 0 });
    expect(steps?.map((s) => [s.step, s.done])).toEqual([
      ['team', false],
      ['behaviours', false],
      ['invite', false],
    ]);
  });

  it('ticks off what is done and goes away when everything is', () => {
    expect(firstRunSteps({ teams: 1, behaviours: 0, people: 1, invites: 0 })?.map((s) => s.done)).toEqual([true, false, false]);
    expect(firstRunSteps({ teams: 1, behaviours: 3, people: 1, invites: 2 })).toBeNull();
    expect(firstRunSteps({ teams: 2, behaviours: 8, people: 12, invites: 0 })).toBeNull(); // people came another way
  });
});
