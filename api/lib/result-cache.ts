import type pg from 'pg';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { oncePerRequest, requestSignal, runWithRequest } from './request-context';

const gzip = promisify(zlib.gzip);

/** What one process keeps of computed results at most (their text, counted as UTF-16). */
export const CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** A result larger than this is served but not kept. */
export const CACHE_MAX_ENTRY_BYTES = 8 * 1024 * 1024;

export type CacheState = 'hit' | 'miss' | 'shared';

/**
 * The versions of `tables` now (data_versions, migration 0023: bumped by every statement that
 * writes them), as one string: anything kept per data (a cached result, a fitted model) keys on it.
 */
export async function dataVersions(db: pg.Pool | pg.ClientBase, tables: readonly string[]): Promise<string> {
  // A read request reads the (few) rows once, whatever it asks of them; a client in a transaction
  // reads them itself, as of its own writes.
  const read = () => db.query<{ name: string; version: number }>(`SELECT name, version FROM data_versions`).then((r) => r.rows);
  const rows = 'totalCount' in db ? await oncePerRequest('data_versions', read) : await read();
  return rows
    .filter((r) => tables.includes(r.name))
    .map((r) => `${r.name}:${r.version}`)
    .sort()
    .join(',');
}

/**
 * Analysis results (their response text) keyed by the route, its resolved parameters and the
 * versions of the tables they read (`data_versions`, bumped by a trigger on every write, migration
 * 0023): many users asking for the same hotspots cost one computation, and a write anywhere,
 * by any process on the same database, makes the next request compute afresh. Requests for a
 * result already being computed wait for it (`shared`) instead of computing it again. Least
 * recently used results go first past CACHE_MAX_BYTES.
 */
export class ResultCache {
  private readonly entries = new Map<string, string>();
  /** The gzip of a kept result, made once on its first request that accepts gzip. */
  private readonly zipped = new Map<string, Promise<Buffer>>();
  private readonly pending = new Map<string, { result: Promise<string>; join: (signal: AbortSignal) => void }>();
  private bytes = 0;
  /** Answers given so far, by how (for the health of the cache, and for tests to see who waits). */
  readonly counts: Record<CacheState, number> = { hit: 0, miss: 0, shared: 0 };

  constructor(
    private readonly maxBytes = CACHE_MAX_BYTES,
    private readonly maxEntryBytes = CACHE_MAX_ENTRY_BYTES,
  ) {}

  async get(key: string, compute: () => Promise<string>): Promise<{ text: string; state: CacheState }> {
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, kept);
      this.counts.hit++;
      return { text: kept, state: 'hit' };
    }
    const running = this.pending.get(key);
    if (running) {
      running.join(requestSignal());
      this.counts.shared++;
      return { text: await running.result, state: 'shared' };
    }
    // The computation belongs to all who wait for it: it is stopped (see withTimeLimit) only
    // when every one of their clients has gone, not when the first who asked leaves.
    const everyoneGone = new AbortController();
    let waiting = 0;
    const join = (signal: AbortSignal) => {
      waiting++;
      signal.addEventListener('abort', () => --waiting === 0 && everyoneGone.abort(), { once: true });
    };
    join(requestSignal());
    this.counts.miss++;
    const result = runWithRequest({ signal: everyoneGone.signal }, compute);
    this.pending.set(key, { result, join });
    try {
      const text = await result;
      this.keep(key, text);
      return { text, state: 'miss' };
    } finally {
      this.pending.delete(key);
    }
  }

  /** The kept result of `key` gzipped (made once, in the thread pool), or null when it is not kept. */
  gzipped(key: string): Promise<Buffer> | null {
    const text = this.entries.get(key);
    if (text === undefined) return null;
    let z = this.zipped.get(key);
    if (!z) {
      z = gzip(text, { level: 6 });
      this.zipped.set(key, z);
      z.catch(() => this.zipped.delete(key));
    }
    return z;
  }

  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, text: string) {
    const size = text.length * 2;
    if (size > this.maxEntryBytes) return;
    this.entries.set(key, text);
    this.bytes += size;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.zipped.delete(k);
      this.bytes -= v.length * 2;
    }
  }
}
