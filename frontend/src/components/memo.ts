// A component that re-renders only when one of its props changed (by identity), like React.memo.
// preact/compat has `memo`, but importing compat brings its whole module (it patches Preact's options
// as a side effect) into the first load, which is Today's; this is the part Today needs.
import { Component, h, type FunctionComponent } from 'preact';

export function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.is(a[key], b[key]));
}

export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    shouldComponentUpdate(next: P) {
      return !shallowEqual(this.props as P, next);
    }
    render(props: P) {
      return h(render, props);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}

/** Keep the objects of `previous` that `next` repeats field for field, so memoised views of them can skip. */
export function keepUnchanged<T extends { id: number }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  return next.map((item) => {
    const old = before.get(item.id);
    return old && shallowEqual(old, item) ? old : item;
  });
}
