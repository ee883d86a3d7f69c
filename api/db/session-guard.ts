import type { PGlite } from '@electric-sql/pglite';

/**
 * Makes PGlite, one backend session, safe to share between pglite-socket's connections.
 *
 * 1. pglite-socket 0.2.11 queues protocol messages one at a time and keeps a connection's
 *    messages together only while `isInTransaction()` is true, which PGlite reports for explicit
 *    transaction blocks only: an extended-protocol sequence (Parse … Sync) could interleave with
 *    another connection's, and after an error in a transaction other connections' messages ran
 *    inside the aborted block. Here the session counts as owned by the last connection from its
 *    first message until the backend reports ReadyForQuery with status Idle.
 * 2. When a statement fails in the extended protocol, PGlite answers the Execute with
 *    ErrorResponse *and* ReadyForQuery, then answers the Sync with ReadyForQuery again. A client
 *    that has already sent its next query takes the second one as that query's reply, and from
 *    then on every reply is off by one. ReadyForQuery belongs only to Sync and Query: any other
 *    message's trailing ReadyForQuery is dropped.
 *
 * Tests: tests/api/concurrent-sessions.test.ts.
 */
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]);
const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
const TERMINATE = 0x58; // 'X'
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
const RFQ_BYTES = 6; // 'Z', int32 length 5, status

type RawStreamOptions = { onRawData: (d: Uint8Array) => void; syncToFs?: boolean };

const isReadyForQuery = (b: Uint8Array) =>
  b.length === RFQ_BYTES && b[0] === READY_FOR_QUERY && b[1] === 0 && b[2] === 0 && b[3] === 0 && b[4] === 5;

/** A startup packet has no type byte: it begins with its int32 length, whose first byte is 0. */
const answersWithReady = (type: number) => type === QUERY || type === SYNC || type === 0;

export function guardSession(db: PGlite): PGlite {
  let owned = false;

  async function execProtocolRawStream(message: Uint8Array, opts: RawStreamOptions) {
    const type = message[0];
    // Hold the last six bytes back until the reply is complete: they may be a ReadyForQuery.
    let held = new Uint8Array(0);
    await db.execProtocolRawStream(message, {
      ...opts,
      onRawData: (chunk: Uint8Array) => {
        const all = held.length ? concat(held, chunk) : chunk;
        const cut = Math.max(0, all.length - RFQ_BYTES);
        if (cut > 0) opts.onRawData(all.slice(0, cut));
        held = all.slice(cut);
      },
    });
    const ready = isReadyForQuery(held);
    if (ready && !answersWithReady(type)) held = new Uint8Array(0);
    if (held.length) opts.onRawData(held);

    if (ready && answersWithReady(type)) owned = held[5] !== IDLE;
    else if (type !== TERMINATE) owned = true; // mid-sequence: Parse/Bind/Execute… before Sync
  }

  /** pglite-socket calls exec('ROLLBACK') when an owning connection goes away. */
  async function exec(query: string, opts?: Parameters<PGlite['exec']>[1]) {
    // After an error the backend skips everything until Sync, ROLLBACK included.
    await db.execProtocolRaw(SYNC_MESSAGE);
    const result = await db.exec(query, opts);
    owned = db.isInTransaction();
    return result;
  }

  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'isInTransaction') return () => owned;
      if (prop === 'execProtocolRawStream') return execProtocolRawStream;
      if (prop === 'exec') return exec;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
