import { createStore, del, set, values, type UseStore } from 'idb-keyval';
import type { DuplicateHazard } from './hazard-types';

/** A photo kept with a registration that waits: the file's bytes, name and type. */
export interface OutboxPhoto {
  name: string;
  type: string;
  blob: Blob;
}

/** The registration as POST /api/hazards takes it (WGS84), without its photos. */
export interface OutboxBody {
  type: string;
  description: string;
  risk: string;
  lon: number;
  lat: number;
  roadName?: string;
  foundOn?: string;
  marketId?: number;
}

/**
 * A hazard registered where the signal failed (待发送), kept on the phone until it is saved:
 * waiting to be sent; sent and saved but its photos not yet uploaded; or stopped for the officer
 * to decide, with the API's words (a possible duplicate, outside the brigade, a field refused).
 */
export interface OutboxItem {
  /** The id the phone gave it: the API finds a resent registration by it (clientRef). */
  ref: string;
  /** Whose it is: only that user's session sends it. */
  username: string;
  savedAt: string;
  body: OutboxBody;
  photos: OutboxPhoto[];
  state: 'waiting' | 'photos' | 'duplicate' | 'refused';
  /** Saved on the server (then only its photos are left). */
  hazard: { id: number; number: string } | null;
  /** The officer said it is not a duplicate: sent with confirmNotDuplicate. */
  confirmed: boolean;
  problem: { message: string; duplicates: DuplicateHazard[] | null } | null;
  tries: number;
}

/** The query holding a user's outbox (read by use-outbox.ts, refreshed by whatever keeps an item). */
export const outboxKey = (username: string | null) => ['outbox', username];

let store: UseStore | null = null;
/** The browser's IndexedDB (kept across reloads and closed tabs), opened on first use. */
const db = () => (store ??= createStore('changan-outbox', 'registrations'));

/** A user's waiting registrations, oldest first. */
export async function outboxItems(username: string): Promise<OutboxItem[]> {
  const all = (await values<OutboxItem>(db())).filter((i) => i.username === username);
  return all.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

export const keepInOutbox = (item: OutboxItem) => set(item.ref, item, db());
export const dropFromOutbox = (ref: string) => del(ref, db());

/**
 * A random v4 UUID. crypto.randomUUID needs a secure context, which a phone reaching the server
 * over plain http on the LAN is not; getRandomValues works everywhere.
 */
export function newRef(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Photos as the outbox keeps them, and back as files to upload. */
export const toOutboxPhotos = (files: readonly File[]): OutboxPhoto[] => files.map((f) => ({ name: f.name, type: f.type, blob: f }));
export const fromOutboxPhotos = (photos: readonly OutboxPhoto[]): File[] => photos.map((p) => new File([p.blob], p.name, { type: p.type }));

/**
 * The send did not reach the server, or the server could not answer it now: keep it and try again
 * (no network, a dropped connection, a proxy's or the server's 502/503/504).
 */
export function notReached(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status === 502 || status === 503 || status === 504;
  return error instanceof TypeError || (typeof navigator !== 'undefined' && navigator.onLine === false);
}
