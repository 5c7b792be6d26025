import { describe, expect, it } from 'vitest';
import { checkChosen, checkConfirmation, checkEmail, checkNewPassword, problems } from './form';

describe('form checks', () => {
  it('accepts passwords of 10 to 200 characters', () => {
    expect(checkNewPassword('a'.repeat(9))).toBe('validation.password_length');
    expect(checkNewPassword('a'.repeat(10))).toBeUndefined();
    expect(checkNewPassword('a'.repeat(200))).toBeUndefined();
    expect(checkNewPassword('a'.repeat(201))).toBe('validation.password_length');
    expect(checkNewPassword('')).toBe('validation.required');
  });

  it('counts an emoji as one character, like the server', () => {
    expect(checkNewPassword('🎉'.repeat(10))).toBeUndefined();
  });

  it('wants a plausible e-mail address', () => {
    expect(checkEmail('rep@demo.test')).toBeUndefined();
    expect(checkEmail('rep@demo')).toBe('validation.email');
    expect(checkEmail('  ')).toBe('validation.required');
  });

  it('wants the confirmation to match', () => {
    expect(checkConfirmation('secret-password', 'secret-passwort')).toBe('validation.password_mismatch');
    expect(checkConfirmation('secret-password', 'secret-password')).toBeUndefined();
  });

  it('wants a choice where a select starts on "Kies …"', () => {
    expect(checkChosen('', 'validation.choose_team')).toBe('validation.choose_team');
    expect(checkChosen('3', 'validation.choose_team')).toBeUndefined();
  });

  it('keeps only fields with a problem', () => {
    expect(problems({ email: checkEmail('x'), password: undefined })).toEqual({ email: 'validation.email' });
  });
});
