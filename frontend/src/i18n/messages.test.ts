import { describe, expect, it } from 'vitest';
import nl from './nl.json';
import en from './en.json';
import { detectLocale, translate, translatePlural } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
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
