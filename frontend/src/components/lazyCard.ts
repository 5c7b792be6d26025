// A card on Today whose code loads after Today's own: the side cards (team goal, challenge, prompts,
// offers) all wait for their own data before they show anything, so their code can come in the same
// moment instead of in everyone's first load (issue 20: ≤ 60 KB of JavaScript gzip). Unlike preact-iso's
// `lazy`, it never suspends: a suspending child would make the router hold the whole page back.
import { h, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyCard<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  let loading: Promise<FunctionComponent<P>> | null = null;
  return function LazyCard(props: P) {
    const [card, setCard] = useState<FunctionComponent<P> | null>(() => loaded);
    useEffect(() => {
      if (card) return;
      let live = true;
      loading ??= load().then((component) => (loaded = component));
      loading.then(
        (component) => live && setCard(() => component),
        () => {
          loading = null; // offline without the chunk: nothing shown, try again on the next visit
        },
      );
      return () => {
        live = false;
      };
    }, [card]);
    return card ? h(card, props) : null;
  };
}
