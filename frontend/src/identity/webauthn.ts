// Passkeys in the browser: the server's WebAuthn options (JSON, binary as base64url, made by py_webauthn)
// to what navigator.credentials wants, and the credential back to JSON. Only the transport encoding is
// done here; every check (challenge, origin, signature, counter) is the server's, with py_webauthn.
import { api } from '../api/client';
import type { Me } from '../accounts/data';

export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

function fromB64url(value: string): ArrayBuffer {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return bytes.buffer;
}

function toB64url(buffer: ArrayBuffer | null): string | null {
  if (!buffer) return null;
  let text = '';
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

interface Descriptor {
  id: string;
  type: 'public-key';
  transports?: AuthenticatorTransport[];
}

interface CreationJSON extends Omit<PublicKeyCredentialCreationOptions, 'challenge' | 'user' | 'excludeCredentials'> {
  challenge: string;
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: Descriptor[];
}

interface RequestJSON extends Omit<PublicKeyCredentialRequestOptions, 'challenge' | 'allowCredentials'> {
  challenge: string;
  allowCredentials?: Descriptor[];
}

const descriptors = (list?: Descriptor[]) => list?.map((d) => ({ ...d, id: fromB64url(d.id) }));

function credentialJSON(credential: PublicKeyCredential) {
  const response = credential.response as AuthenticatorAttestationResponse & AuthenticatorAssertionResponse;
  return {
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toB64url(response.clientDataJSON),
      ...('attestationObject' in response ? { attestationObject: toB64url(response.attestationObject) } : {}),
      ...('authenticatorData' in response
        ? { authenticatorData: toB64url(response.authenticatorData), signature: toB64url(response.signature), userHandle: toB64url(response.userHandle) }
        : {}),
      ...(typeof response.getTransports === 'function' ? { transports: response.getTransports() } : {}),
    },
  };
}

export interface PasskeyInfo {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

export const listPasskeys = () => api.get<PasskeyInfo[]>('/me/passkeys');
export const removePasskey = (id: number) => api.delete(`/me/passkeys/${id}`);

/** Create a passkey on this device (Face ID, Windows Hello, a fingerprint, a security key) and keep it. */
export async function addPasskey(name: string): Promise<PasskeyInfo> {
  const { options } = await api.post<{ options: CreationJSON }>('/me/passkeys/options');
  const credential = (await navigator.credentials.create({
    publicKey: {
      ...options,
      challenge: fromB64url(options.challenge),
      user: { ...options.user, id: fromB64url(options.user.id) },
      excludeCredentials: descriptors(options.excludeCredentials),
    },
  })) as PublicKeyCredential | null;
  if (!credential) throw new DOMException('No passkey was created', 'NotAllowedError');
  return api.post<PasskeyInfo>('/me/passkeys', { credential: credentialJSON(credential), name });
}

/** Sign in with a passkey this device offers (discoverable: no e-mail needed). */
export async function signInWithPasskey(): Promise<Me> {
  const { options } = await api.post<{ options: RequestJSON }>('/auth/passkey/options');
  const credential = (await navigator.credentials.get({
    publicKey: { ...options, challenge: fromB64url(options.challenge), allowCredentials: descriptors(options.allowCredentials) },
  })) as PublicKeyCredential | null;
  if (!credential) throw new DOMException('No passkey was chosen', 'NotAllowedError');
  return api.post<Me>('/auth/passkey', { credential: credentialJSON(credential) });
}

/** The person cancelled the browser's dialog, or no passkey was there: say nothing alarming. */
export function cancelled(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}
