import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';

/** Navigate away on render, replacing the history entry so Back does not bounce. */
export function Redirect({ to }: { to: string }) {
  const { route } = useLocation();
  useEffect(() => route(to, true), [to]);
  return null;
}
