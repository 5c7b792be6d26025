import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { keepUnchanged, memo, shallowEqual } from './memo';

describe('memo', () => {
  it('lets a render through only when a prop changed by identity', () => {
    // No DOM in these tests: ask the component what Preact asks it before each render.
    const Card = memo(({ label }: { label: { text: string } }) => h('span', null, label.text));
    const same = { text: 'Klantgesprek' };
    const card = new (Card as unknown as new (props: object) => { props: object; shouldComponentUpdate(next: object): boolean })({ label: same });
    card.props = { label: same };
    expect(card.shouldComponentUpdate({ label: same })).toBe(false);
    expect(card.shouldComponentUpdate({ label: { text: 'Klantgesprek' } })).toBe(true);
    expect(card.shouldComponentUpdate({ label: same, quiet: true })).toBe(true);
  });

  it('keeps the objects a new list repeats field for field, and takes the changed ones', () => {
    const streak = { current: 3 };
    const before = [
      { id: 1, done: false, streak },
      { id: 2, done: false, streak },
    ];
    const after = keepUnchanged(before, [
      { id: 1, done: false, streak },
      { id: 2, done: true, streak },
      { id: 3, done: false, streak },
    ]);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1].done).toBe(true);
    expect(after.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(shallowEqual({ a: 1 }, { a: 1, b: 2 } as { a: number })).toBe(false);
  });
});
