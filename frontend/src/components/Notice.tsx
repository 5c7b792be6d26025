// Inline messages: errors interrupt (role=alert), confirmations wait their turn (role=status).
import type { ComponentChildren } from 'preact';
import { AlertIcon, CheckIcon, InfoIcon } from './icons';

export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ComponentChildren }) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {kind === 'error' ? <AlertIcon size={20} /> : kind === 'info' ? <InfoIcon size={20} /> : <CheckIcon size={20} />}
      <div>{children}</div>
    </div>
  );
}
