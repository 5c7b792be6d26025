// Inline messages: errors interrupt (role=alert), confirmations wait their turn (role=status).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { AlertIcon, CheckIcon, InfoIcon } from './icons';

/**
 * `focus`: take keyboard focus when shown — for the confirmation that replaces the form a person
 * just sent, so their focus does not fall back to the top of the page.
 */
export function Notice({ kind, focus, children }: { kind: 'error' | 'success' | 'info'; focus?: boolean; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div ref={ref} class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'} tabIndex={focus ? -1 : undefined}>
      {kind === 'error' ? <AlertIcon size={20} /> : kind === 'info' ? <InfoIcon size={20} /> : <CheckIcon size={20} />}
      <div>{children}</div>
    </div>
  );
}
