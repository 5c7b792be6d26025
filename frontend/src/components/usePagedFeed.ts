// A feed read page by page (wins, customer voice): the first page again whenever the query changes or a
// queued write went out, and "load more" that appends without duplicates (an item may move between pages).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Page<T, K> {
  items: T[];
  next: K | null;
}

/**
 * `fetchPage(null)` reads the first page, `fetchPage(next)` the one after; keep it stable (useCallback)
 * and let it change with the filters, which reloads. `waiting` is the number of this feed's writes still
 * queued on the device: when it drops, one went out and the feed reloads to show it.
 */
export function usePagedFeed<T extends { id: number }, K>(fetchPage: (next: K | null) => Promise<Page<T, K>>, waiting: number) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<K | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(async () => {
    try {
      const page = await fetchPage(null);
      setItems(page.items);
      setNext(page.next);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [fetchPage]);

  useEffect(() => {
    setItems(null);
    void load();
  }, [load]);

  const waitingBefore = useRef(waiting);
  useEffect(() => {
    if (waiting < waitingBefore.current) void load();
    waitingBefore.current = waiting;
  }, [waiting, load]);

  const loadMore = useCallback(async () => {
    if (next === null) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(next);
      setItems((current) => [...(current ?? []), ...page.items.filter((i) => !current?.some((c) => c.id === i.id))]);
      setNext(page.next);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoadingMore(false);
    }
  }, [fetchPage, next]);

  return { items, setItems, error, setError, load, loadMore, loadingMore, hasMore: next !== null };
}
