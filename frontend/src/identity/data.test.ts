import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { loadCatalogue, translate, type MessageKey } from '../i18n/messages';
import { answerPasskeyOffer, identityErrorMessage, issuerFor, notePasswordSignIn, parseDomains, passkeyOfferWanted, policyWarnings, refusalMessage } from './data';

const nl = { t: (key: MessageKey, params?: Record<string, string | number>) => translate('nl', key, params), tn: (key: string) => key } as never;
const en = { t: (key: MessageKey, params?: Record<string, string | number>) => translate('en', key, params), tn: (key: string) => key } as never;

// English is a chunk of its own (i18n/messages.ts): until it is loaded a key reads in Dutch.
beforeAll(() => loadCatalogue('en'));

describe('identity helpers', () => {
  it('reads the domains as typed: commas, spaces, new lines, an @ in front, twice', () => {
    expect(parseDomains(' Acme.nl, @acme.be\nacme.nl ;sales.acme.nl ')).toEqual(['acme.nl', 'acme.be', 'sales.acme.nl']);
    expect(parseDomains('   ')).toEqual([]);
  });

  it('warns about the break-glass admin only when the provider is to be required', () => {
    const admins = [
      { id: 1, name: 'Anna', has_password: true },
      { id: 2, name: 'Bram', has_password: false },
    ];
    expect(policyWarnings(false, 1, admins, 1)).toEqual([]);
    expect(policyWarnings(true, null, admins, 1)).toEqual([]);
    expect(policyWarnings(true, 1, admins, 1)).toEqual(['only']);
    expect(policyWarnings(true, 2, admins, 1)).toEqual(['only', 'no_password', 'yourself']);
  });

  it('fills in the issuer of the presets', () => {
    expect(issuerFor('entra', ' 8f1c2a3b-0000-4e5f-9a8b-123456789abc ', '')).toBe('https://login.microsoftonline.com/8f1c2a3b-0000-4e5f-9a8b-123456789abc/v2.0');
    expect(issuerFor('google', '', 'ignored')).toBe('https://accounts.google.com');
    expect(issuerFor('generic', '', ' https://id.example.nl/realms/x ')).toBe('https://id.example.nl/realms/x');
  });

  it('says why a sign-in was refused, in both languages, and something for reasons it does not know', () => {
    expect(refusalMessage('email_unverified', nl)).toContain('niet bevestigd');
    expect(refusalMessage('email_unverified', en)).toContain('not verified');
    expect(refusalMessage('made_up', en)).toBe('Signing in did not work. Please try again.');
    expect(refusalMessage(undefined, en)).toBeNull();
  });

  it('names an unreachable provider', () => {
    expect(identityErrorMessage(new ApiError(502, 'identity_provider_unreachable', ''), en)).toContain('cannot be reached');
  });

  it('offers a passkey after this person signed in with a password on a touch device, until they answer', () => {
    const storage = () => {
      const items = new Map<string, string>();
      return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    };
    vi.stubGlobal('localStorage', storage());
    vi.stubGlobal('sessionStorage', storage());
    expect(passkeyOfferWanted(7, true)).toBe(false); // no password sign-in in this tab
    notePasswordSignIn(7);
    expect(passkeyOfferWanted(7, false)).toBe(false); // a mouse: not a phone
    expect(passkeyOfferWanted(8, true)).toBe(false); // someone else signed in since
    expect(passkeyOfferWanted(7, true)).toBe(true);
    answerPasskeyOffer(7);
    expect(passkeyOfferWanted(7, true)).toBe(false);
    notePasswordSignIn(7); // the next password sign-in: answered before, not offered again
    expect(passkeyOfferWanted(7, true)).toBe(false);
    notePasswordSignIn(8); // another person on this browser still gets their offer
    expect(passkeyOfferWanted(8, true)).toBe(true);
    vi.unstubAllGlobals();
  });
});
