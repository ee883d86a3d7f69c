import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { ApiRequestError, apiUrl, sendJson } from '@client/api/http';
import type { Translate } from '@client/i18n/locale';
import { writeProblem } from './hazard-errors';
import { uploadPhotos } from './hazard-photos';
import { useRefreshLedger } from './hazard-queries';
import type { Hazard } from './hazard-types';
import { dropFromOutbox, fromOutboxPhotos, keepInOutbox, notReached, outboxItems, outboxKey, type OutboxItem } from './outbox-store';

/** How often a waiting registration is tried again while the page is open (and at once when the signal returns). */
const RETRY_MS = 30_000;

/** What became of one send: saved (and removed), stopped for the officer, or not reached (try later). */
type Sent = 'saved' | 'stopped' | 'unreached';

/** Keeps what the failed step says: not reached, it waits; refused, it stops with the API's words. */
async function held(item: OutboxItem, error: unknown, t: Translate): Promise<Sent> {
  if (notReached(error) || (error instanceof ApiRequestError && error.status === 401)) {
    // Not reached, or the session ended (signing in again sends it).
    await keepInOutbox({ ...item, state: item.hazard ? 'photos' : 'waiting', tries: item.tries + 1 });
    return 'unreached';
  }
  const p = writeProblem(error as Error, t);
  await keepInOutbox({ ...item, state: p.duplicates ? 'duplicate' : 'refused', problem: { message: p.message, duplicates: p.duplicates } });
  return 'stopped';
}

/**
 * One registration sent: the hazard under the phone's id (a resend finds the first save, so a
 * lost answer never makes two), then its photos. The checks are the API's, made now: a possible
 * duplicate, the brigade's area, every field.
 */
async function sendOne(item: OutboxItem, t: Translate): Promise<Sent> {
  let current = item;
  if (!current.hazard) {
    try {
      const h = await sendJson<Hazard>('POST', apiUrl('/hazards'), { ...item.body, clientRef: item.ref, confirmNotDuplicate: item.confirmed });
      current = { ...item, hazard: { id: h.id, number: h.number } };
      if (item.photos.length) await keepInOutbox({ ...current, state: 'photos' });
    } catch (e) {
      return held(item, e, t);
    }
  }
  if (current.photos.length) {
    try {
      await uploadPhotos(current.hazard!.id, fromOutboxPhotos(current.photos));
    } catch (e) {
      return held(current, e, t);
    }
  }
  await dropFromOutbox(item.ref);
  return 'saved';
}

/**
 * The signed-in user's outbox (待发送): what waits, sent on opening, when the signal returns and
 * every 30 s; a registration the API stops waits for the officer (仍然登记 or 删除).
 */
export function useOutbox(username: string | null, t: Translate) {
  const queryClient = useQueryClient();
  const refresh = useRefreshLedger();
  // Read from this device's IndexedDB: offline too.
  const items = useQuery({ queryKey: outboxKey(username), queryFn: () => outboxItems(username!), enabled: username !== null, staleTime: Infinity, networkMode: 'always' });
  const busy = useRef(false);
  const words = useRef(t);
  words.current = t;
  // Known empty (every keep and send reads the outbox again): the timer's tries read nothing.
  const empty = useRef(false);
  empty.current = items.data?.length === 0;

  const send = useCallback(async () => {
    if (username === null || busy.current || empty.current) return;
    busy.current = true;
    let saved = false;
    let waiting: OutboxItem[] = [];
    try {
      waiting = await outboxItems(username);
      for (const item of waiting) {
        if (item.state === 'duplicate' || item.state === 'refused') continue;
        const sent = await sendOne(item, words.current);
        saved ||= sent === 'saved';
        if (sent === 'unreached') break;
      }
    } finally {
      busy.current = false;
      if (waiting.length) await queryClient.invalidateQueries({ queryKey: outboxKey(username) });
      if (saved) void refresh();
    }
  }, [username, queryClient, refresh]);

  // Tried on opening, when the signal returns and every 30 s: set up once per user (the latest send in a ref).
  const latest = useRef(send);
  latest.current = send;
  useEffect(() => {
    if (username === null) return;
    const again = () => void latest.current();
    again();
    window.addEventListener('online', again);
    const timer = setInterval(again, RETRY_MS);
    return () => {
      window.removeEventListener('online', again);
      clearInterval(timer);
    };
  }, [username]);

  const confirmNotDuplicate = useCallback(
    async (item: OutboxItem) => {
      await keepInOutbox({ ...item, confirmed: true, state: 'waiting', problem: null });
      await send();
    },
    [send],
  );
  const retry = useCallback(
    async (item: OutboxItem) => {
      await keepInOutbox({ ...item, state: item.hazard ? 'photos' : 'waiting', problem: null });
      await send();
    },
    [send],
  );
  const discard = useCallback(
    async (item: OutboxItem) => {
      await dropFromOutbox(item.ref);
      await queryClient.invalidateQueries({ queryKey: outboxKey(username) });
    },
    [queryClient, username],
  );
  return { items: items.data ?? [], send, confirmNotDuplicate, retry, discard };
}
