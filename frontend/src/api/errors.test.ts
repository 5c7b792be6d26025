import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { errorMessage, fieldErrors } from './errors';
import { translate, translatePlural } from '../i18n/messages';

const nl = {
  t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('nl', key, params),
  tn: (key: Parameters<typeof translatePlural>[1], count: number) => translatePlural('nl', key, count),
};
const en = {
  t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('en', key, params),
  tn: (key: Parameters<typeof translatePlural>[1], count: number) => translatePlural('en', key, count),
};

describe('errorMessage', () => {
  it('translates known codes', () => {
    const error = new ApiError(401, 'invalid_credentials', 'Invalid email or password');
    expect(errorMessage(error, nl)).toBe('Dit e-mailadres en wachtwoord horen niet bij elkaar.');
    expect(errorMessage(error, en)).toBe("That email address and password don't match.");
  });

  it('says in how many minutes a rate-limited user may try again, rounded up', () => {
    expect(errorMessage(new ApiError(429, 'rate_limited', '', {}, 61), en)).toBe(
      'Too many attempts. Try again in 2 minutes.',
    );
    expect(errorMessage(new ApiError(429, 'rate_limited', '', {}, 30), nl)).toBe(
      'Te veel pogingen. Probeer het over 1 minuut opnieuw.',
    );
    expect(errorMessage(new ApiError(429, 'rate_limited', ''), en)).toBe('Too many attempts. Please try again later.');
  });

  it('points at the fields when an unknown code comes with field errors', () => {
    const error = new ApiError(422, 'something_new', '', { name: ['Too long.'] });
    expect(errorMessage(error, en)).toBe('Please check the fields below.');
  });

  it('falls back to a generic message for unknown codes and non-API errors', () => {
    expect(errorMessage(new ApiError(500, 'http_500', 'boom'), en)).toBe('Something went wrong. Please try again.');
    expect(errorMessage(new Error('boom'), nl)).toBe('Er ging iets mis. Probeer het opnieuw.');
  });
});

describe('fieldErrors', () => {
  it('keeps the first message per field', () => {
    const error = new ApiError(422, 'validation_failed', '', { name: ['Required.', 'Too short.'], locale: [] });
    expect(fieldErrors(error)).toEqual({ name: 'Required.' });
  });
});
