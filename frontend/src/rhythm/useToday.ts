// Today's data: the server's answer (or the worker's cached copy when offline) merged with the
// offline queue, and the two writes of the screen — check in and undo — both through the queue.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { checkInEntry, dismiss, enqueue, enqueueUndo, isoWithOffset, listEntries, localDate, newClientId, onQueueChange, type QueueEntry } from '../offline/queue';
import { onReplayed, onSent, registerBackgroundSync, replayNow } from '../offline/sync';
import { mergeToday, withCheckIn, type CheckInRecorded, type Today, type TodayItem } from './data';

export interface CheckInExtras {
  note?: string;
  quality?: Record<string, boolean>;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

export function useToday(timeZone: string, locale: string) {
  const [today, setToday] = useState<Today | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  // Writes tapped but not yet in IndexedDB: shown at once, so the tap answers within a frame.
  const [optimistic, setOptimistic] = useState<QueueEntry[]>([]);
  const refetchTimer = useRef<number | undefined>(undefined);

  const loadEntries = useCallback(async () => {
    try {
      setEntries(await listEntries());
    } catch {
      setEntries([]);
    }
  }, []);

  const load = useCallback(async () => {
    try {
      const fresh = await api.get<Today>('/today');
      // Read the queue after the answer, so a write sent meanwhile is in one or the other.
      const queued = await listEntries().catch(() => [] as QueueEntry[]);
      setToday(fresh);
      setEntries(queued);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  const scheduleRefetch = useCallback(() => {
    window.clearTimeout(refetchTimer.current);
    refetchTimer.current = window.setTimeout(() => void load(), 400);
  }, [load]);

  useEffect(() => {
    void load();
    const stopQueue = onQueueChange(() => void loadEntries());
    // The server's answer to a check-in carries the new streak: show it without waiting.
    const stopSent = onSent((entry, result) => {
      if (entry.method !== 'POST') return;
      const recorded = result.body as CheckInRecorded | null;
      if (!recorded?.streak) return;
      setToday((current) =>
        current && current.date === entry.occurred_on
          ? {
              ...current,
              behaviours: current.behaviours.map((b) => (b.id === entry.behaviour_id ? withCheckIn(b, recorded) : b)),
            }
          : current,
      );
    });
    const stopReplayed = onReplayed((report) => {
      if (report.sent > 0) scheduleRefetch();
    });
    // Back online, or back to the app: the day may have moved on.
    const refresh = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      stopQueue();
      stopSent();
      stopReplayed();
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', refresh);
      window.clearTimeout(refetchTimer.current);
    };
  }, [load, loadEntries, scheduleRefetch]);

  const allEntries = useMemo(() => {
    const stored = new Set(entries.map((e) => e.client_id));
    return [...entries, ...optimistic.filter((e) => !stored.has(e.client_id))];
  }, [entries, optimistic]);

  const items: TodayItem[] = useMemo(() => (today ? mergeToday(today, allEntries) : []), [today, allEntries]);

  const checkIn = useCallback(
    async (item: TodayItem, extras: CheckInExtras = {}) => {
      const now = new Date();
      const entry = checkInEntry(
        {
          behaviour_id: item.id,
          client_id: newClientId(),
          // The day is the user's day, where they live; the instant is the device's tap.
          occurred_on: today?.date ?? localDate(now, timeZone),
          recorded_at: isoWithOffset(now),
          ...(extras.note?.trim() ? { note: extras.note.trim() } : {}),
          ...(extras.quality ? { quality: extras.quality } : {}),
        },
        locale,
        now,
      );
      entry.behaviour_name = item.name;
      setOptimistic((current) => [...current, entry]);
      try {
        await enqueue(entry);
        await loadEntries();
      } finally {
        setOptimistic((current) => current.filter((e) => e.client_id !== entry.client_id));
      }
      void registerBackgroundSync();
      if (navigator.onLine !== false) void replayNow();
      return entry.client_id;
    },
    [today, timeZone, locale, loadEntries],
  );

  const undo = useCallback(
    async (item: TodayItem) => {
      if (!item.checkin_client_id) return;
      await enqueueUndo(
        {
          client_id: item.checkin_client_id,
          behaviour_id: item.id,
          occurred_on: today?.date ?? localDate(new Date(), timeZone),
          server_id: item.checkin?.client_id === item.checkin_client_id ? item.checkin.id : null,
          behaviour_name: item.name,
        },
        { locale },
      );
      await loadEntries();
      void registerBackgroundSync();
      if (navigator.onLine !== false) void replayNow();
    },
    [today, timeZone, locale, loadEntries],
  );

  const dismissEntry = useCallback(
    async (entry: QueueEntry) => {
      if (entry.seq !== undefined) await dismiss(entry.seq);
      await loadEntries();
    },
    [loadEntries],
  );

  return { today, error, items, entries: allEntries, checkIn, undo, dismissEntry, reload: load };
}
