import { describe, expect, it } from 'vitest';
import nlFirst from './nl.json';
import nlScreens from './nl.screens.json';
import en from './en.json';
import { detectLocale, formatNumber, translate, translatePlural } from './messages';

const nl = { ...nlFirst, ...nlScreens };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('keep each Dutch namespace in one file', () => {
    const namespaces = (catalogue: object) => new Set(Object.keys(catalogue).map((key) => key.split('.')[0]));
    const inBoth = [...namespaces(nlFirst)].filter((name) => namespaces(nlScreens).has(name));
    expect(inBoth).toEqual([]);
    expect(Object.keys(nlFirst).length + Object.keys(nlScreens).length).toBe(Object.keys(nl).length);
  });

  it('have the same keys in Dutch and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('have no empty values', () => {
    for (const [name, catalogue] of Object.entries({ nl, en })) {
      const empty = Object.entries(catalogue)
        .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
        .map(([key]) => `${name}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = Object.keys(nl).filter(
      (key) => placeholders(nl[key as keyof typeof nl]).join() !== placeholders(en[key as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });
});

describe('accessible names', () => {
  // A button shows `x` and is named `x_label` for screen readers ("Bewerken: Klant gebeld"): the name
  // must contain the visible words, or speech control ("klik Bewerken") cannot find it (WCAG 2.5.3).
  const NOT_A_BUTTON = new Set(['today.progress_label', 'rhythm.trend_label']);

  it('contain the visible text of their button', () => {
    for (const [name, catalogue] of Object.entries({ nl, en }) as [string, Record<string, string>][]) {
      const mismatched = Object.keys(catalogue)
        .filter((key) => key.endsWith('_label') && !NOT_A_BUTTON.has(key) && key.slice(0, -'_label'.length) in catalogue)
        .filter((key) => !catalogue[key].toLowerCase().includes(catalogue[key.slice(0, -'_label'.length)].toLowerCase()))
        .map((key) => `${name}:${key}`);
      expect(mismatched).toEqual([]);
    }
  });
});

describe('numbers', () => {
  it('are written with a decimal comma in Dutch and a point in English', () => {
    // Counts below 10 000 skip Intl (its first format is slow on a phone): exactly what Intl would write.
    for (const [locale, tag] of [['nl', 'nl-NL'], ['en', 'en-GB']] as const) {
      const intl = new Intl.NumberFormat(tag, { maximumFractionDigits: 1, useGrouping: 'min2' });
      for (let count = 0; count < 10_000; count += 1) {
        if (formatNumber(count, locale) !== intl.format(count)) expect(formatNumber(count, locale)).toBe(intl.format(count));
      }
    }
    expect(formatNumber(10_000, 'nl')).toBe('10.000');
    expect(formatNumber(-5, 'en')).toBe(new Intl.NumberFormat('en-GB').format(-5));
    expect(formatNumber(82.5, 'nl')).toBe('82,5');
    expect(formatNumber(82.5, 'en')).toBe('82.5');
    expect(formatNumber(12345, 'nl')).toBe('12.345');
    expect(formatNumber(12345, 'en')).toBe('12,345');
  });

  it('keep years and small counts without a separator and round to one decimal', () => {
    expect(formatNumber(2026, 'nl')).toBe('2026');
    expect(formatNumber(7, 'nl')).toBe('7');
    expect(formatNumber(66.666, 'nl')).toBe('66,7');
  });

  it('are written the reader\'s way inside every message', () => {
    expect(translate('nl', 'today.consistency', { value: 82.5 })).toContain('82,5');
    expect(translate('en', 'today.consistency', { value: 82.5 })).toContain('82.5');
    expect(translate('nl', 'greeting.morning', { name: '3.5' })).toBe('Goedemorgen, 3.5'); // text stays text
  });
});

describe('translate', () => {
  it('fills in placeholders', () => {
    expect(translate('nl', 'greeting.morning', { name: 'Anna' })).toBe('Goedemorgen, Anna');
    expect(translate('en', 'greeting.morning', { name: 'Anna' })).toBe('Good morning, Anna');
  });

  it('chooses singular or plural', () => {
    expect(translatePlural('nl', 'error.rate_limited_minutes', 1)).toContain('1 minuut');
    expect(translatePlural('nl', 'error.rate_limited_minutes', 5)).toContain('5 minuten');
    expect(translatePlural('en', 'error.rate_limited_minutes', 1)).toContain('1 minute.');
    expect(translatePlural('en', 'error.rate_limited_minutes', 2)).toContain('2 minutes');
  });
});

describe('detectLocale', () => {
  const storage = (value: string | null) => ({ getItem: () => value });

  it('prefers the language chosen earlier on this device', () => {
    expect(detectLocale(storage('en'), ['nl-NL'])).toBe('en');
    expect(detectLocale(storage('nl'), ['en-GB'])).toBe('nl');
  });

  it('uses English only for an English browser, Dutch otherwise', () => {
    expect(detectLocale(storage(null), ['en-US', 'nl'])).toBe('en');
    expect(detectLocale(storage(null), ['nl-BE'])).toBe('nl');
    expect(detectLocale(storage(null), ['de-DE', 'en'])).toBe('nl');
    expect(detectLocale(storage(null), [])).toBe('nl');
  });

  it('ignores a stored value that is not a supported language', () => {
    expect(detectLocale(storage('fr'), ['fr-FR'])).toBe('nl');
  });
});
