// Signed out: go to sign-in, unless this installation is still empty and open for setup.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { Redirect } from '../components/Redirect';

export function SignedOutRedirect({ next }: { next: string }) {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ needed: boolean }>('/setup').then(
      (answer) => setTarget(answer.needed ? '/setup' : `/login${next}`),
      () => setTarget(`/login${next}`), // offline or an older server: sign-in as always
    );
  }, [next]);
  return target ? <Redirect to={target} /> : null;
}
