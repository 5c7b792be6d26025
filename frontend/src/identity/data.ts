// Identity: sign-in with the organisation's OpenID Connect provider. Home-realm discovery (does this
// address sign in at a provider?), starting the sign-in there, the refusal reasons the server sends back to
// /login?sso_error=…, the admin's provider settings, and the "Inloggen met …" shortcut this browser keeps.
import { api, ApiError } from '../api/client';
import { errorMessage } from '../api/errors';
import type { I18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';

export type ProviderKind = 'generic' | 'entra' | 'google';
export type UnknownPeople = 'refuse' | 'create_staff';

export interface Provider {
  kind: ProviderKind;
  tenant_id: string | null;
  issuer: string;
  client_id: string;
  has_client_secret: boolean;
  domains: string[];
  unknown_people: UnknownPeople;
  require_provider: boolean;
  break_glass_user_id: number | null;
  /** The organisation's active admins: who may be the break-glass admin, and who could use a password at all. */
  admins: AdminChoice[];
  provider_name: string;
  redirect_uri: string;
  updated_at: string;
}

export interface ProviderArgs {
  kind: ProviderKind;
  tenant_id?: string | null;
  issuer?: string | null;
  client_id: string;
  client_secret?: string;
  domains: string[];
  unknown_people: UnknownPeople;
}

export interface Discovery {
  method: 'provider' | 'password';
  provider_name: string | null;
}

export const discover = (email: string) => api.post<Discovery>('/auth/sso/discover', { email });

/** Go to the provider: the server remembers state, nonce and PKCE verifier; the browser leaves Ritme. */
export async function startProviderSignIn(email: string, name: string, go: (url: string) => void = (url) => window.location.assign(url)) {
  const { redirect_url } = await api.post<{ redirect_url: string }>('/auth/sso/start', { email });
  rememberProvider({ email, name });
  go(redirect_url);
}

/** The admin's test: a real sign-in at the provider; back on Beheer → Organisatie with ?sso_test=… */
export async function startProviderTest(go: (url: string) => void = (url) => window.location.assign(url)) {
  const { redirect_url } = await api.post<{ redirect_url: string }>('/identity/provider/test');
  go(redirect_url);
}

/** What the test run said: ok_signed_in / ok_linked / ok_invited / ok_created, or a refusal reason. */
export function testOutcome(outcome: string | undefined, email: string | undefined, i18n: Pick<I18n, 't'>): { ok: boolean; text: string } | null {
  if (!outcome) return null;
  if (['ok_signed_in', 'ok_linked', 'ok_invited', 'ok_created'].includes(outcome)) {
    return { ok: true, text: i18n.t(`identity.admin.test.${outcome}` as MessageKey, { email: email ?? '' }) };
  }
  return { ok: false, text: `${i18n.t('identity.admin.test.refused')} ${refusalMessage(outcome, i18n) ?? ''}` };
}

export const getProvider = () => api.get<Provider>('/identity/provider');
export const saveProvider = (args: ProviderArgs) => api.put<Provider>('/identity/provider', args);
export const removeProvider = () => api.delete('/identity/provider');

export interface PolicyArgs {
  require_provider: boolean;
  break_glass_user_id: number | null;
}

export const savePolicy = (args: PolicyArgs) => api.put<Provider>('/identity/provider/policy', args);

export interface AdminChoice {
  id: number;
  name: string;
  has_password: boolean;
}

/** What the policy form warns about before it is saved: who would be the only one with a password, whether they
 * have one at all, and whether the admin filling it in signs in another way from then on. */
export function policyWarnings(required: boolean, breakGlassId: number | null, admins: AdminChoice[], meId: number): ('only' | 'no_password' | 'yourself')[] {
  const chosen = admins.find((a) => a.id === breakGlassId);
  if (!required || !chosen) return [];
  const warnings: ('only' | 'no_password' | 'yourself')[] = ['only'];
  if (!chosen.has_password) warnings.push('no_password');
  if (chosen.id !== meId) warnings.push('yourself');
  return warnings;
}

// --- the invite page: the provider's way in ----------------------------------------------------

export interface InviteSignIn {
  method: 'provider' | 'password' | 'unavailable';
  provider_name: string | null;
  required: boolean;
  email: string;
}

export const inviteSignIn = (token: string) => api.get<InviteSignIn>(`/auth/sso/invites/${encodeURIComponent(token)}`);

/** The domains as typed (comma, space or one a line) → the list the API takes. */
export function parseDomains(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))];
}

export const ENTRA_ISSUER = (tenant: string) => `https://login.microsoftonline.com/${tenant || '<tenant-id>'}/v2.0`;
export const GOOGLE_ISSUER = 'https://accounts.google.com';

export function issuerFor(kind: ProviderKind, tenant: string, issuer: string): string {
  if (kind === 'entra') return ENTRA_ISSUER(tenant.trim());
  if (kind === 'google') return GOOGLE_ISSUER;
  return issuer.trim();
}

// --- why a sign-in came back refused ---------------------------------------------------------

const REFUSALS = [
  'state_invalid',
  'provider_error',
  'provider_unreachable',
  'token_invalid',
  'email_missing',
  'email_unverified',
  'domain_not_covered',
  'unknown_person',
  'deactivated',
  'other_organisation',
  'linked_to_other_subject',
] as const;

export function refusalMessage(reason: string | undefined, { t }: Pick<I18n, 't'>): string | null {
  if (!reason) return null;
  const known = (REFUSALS as readonly string[]).includes(reason) ? reason : 'other';
  return t(`identity.refused.${known}` as MessageKey);
}

export function identityErrorMessage(error: unknown, i18n: Pick<I18n, 't' | 'tn'>): string {
  if (error instanceof ApiError && error.code === 'identity_provider_unreachable') return i18n.t('identity.refused.provider_unreachable');
  if (error instanceof ApiError && error.code === 'provider_required') return i18n.t('identity.login.provider_required');
  return errorMessage(error, i18n);
}

// --- "Inloggen met …": this browser signed in at a provider before ----------------------------

const REMEMBERED = 'ritme.identity.provider';

export interface RememberedProvider {
  email: string;
  name: string;
}

export function rememberProvider(value: RememberedProvider): void {
  try {
    localStorage.setItem(REMEMBERED, JSON.stringify(value));
  } catch {
    // private mode: no shortcut next time, nothing else changes
  }
}

export function rememberedProvider(): RememberedProvider | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(REMEMBERED) ?? 'null');
    if (value && typeof value === 'object' && typeof (value as RememberedProvider).email === 'string' && typeof (value as RememberedProvider).name === 'string') {
      return value as RememberedProvider;
    }
  } catch {
    // unreadable: as if none
  }
  return null;
}

export function forgetProvider(): void {
  try {
    localStorage.removeItem(REMEMBERED);
  } catch {
    // nothing to forget
  }
}

// --- "Add a passkey?": offered once after a password sign-in on a phone ------------------------

const PASSWORD_SIGN_IN = 'ritme.identity.password_sign_in'; // sessionStorage: the person who just used a password
const OFFER_ANSWERED = (personId: number) => `ritme.identity.passkey_offer.${personId}`; // localStorage, per person

/** The session calls this after a successful password sign-in: Today may offer a passkey in this tab. */
export function notePasswordSignIn(personId: number): void {
  try {
    sessionStorage.setItem(PASSWORD_SIGN_IN, String(personId));
  } catch {
    // private mode: no offer, nothing else changes
  }
}

/** This person answered the offer (added one or said "Not now") on this browser: it is not shown again. */
export function answerPasskeyOffer(personId: number): void {
  try {
    localStorage.setItem(OFFER_ANSWERED(personId), '1');
    sessionStorage.removeItem(PASSWORD_SIGN_IN);
  } catch {
    // private mode: the offer may come once more after the next password sign-in
  }
}

/** Whether to offer: a password sign-in by this person in this tab, a touch device, not answered before. */
/** A phone's touch screen (the passkey offer is made on phones, where typing a password is the bother). */
export function coarsePointer(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches;
}

export function passkeyOfferWanted(personId: number, coarsePointer: boolean): boolean {
  try {
    return (
      coarsePointer &&
      sessionStorage.getItem(PASSWORD_SIGN_IN) === String(personId) &&
      localStorage.getItem(OFFER_ANSWERED(personId)) !== '1'
    );
  } catch {
    return false;
  }
}
