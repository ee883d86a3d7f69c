/**
 * Raw HTTP timing with node:http (no automatic decompression, no Accept-Encoding unless asked):
 * time to the last byte and the bytes on the wire.
 */
import http from 'node:http';
import zlib from 'node:zlib';

export interface Fetched {
  status: number;
  ms: number;
  /** Body bytes as received (compressed if the server compressed). */
  wireBytes: number;
  contentEncoding: string | null;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Thrown when a request passes its `deadlineMs`. */
export class DeadlineError extends Error {}

/**
 * `timeoutMs` limits the silence between bytes; `deadlineMs` the whole request, last byte
 * included (a slow analysis is recorded as "> N s", not waited for).
 */
export function fetchRaw(url: string, opts: { gzip?: boolean; timeoutMs?: number; deadlineMs?: number } = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers: http.OutgoingHttpHeaders = opts.gzip ? { 'accept-encoding': 'gzip' } : {};
    let expired: DeadlineError | null = null;
    const fail = (err: Error) => {
      clearTimeout(deadline);
      reject(expired ?? err);
    };
    const deadline =
      opts.deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            expired = new DeadlineError(`no complete answer within ${opts.deadlineMs! / 1000} s: ${url}`);
            req.destroy(expired);
          }, opts.deadlineMs);
    const req = http.get(url, { headers, timeout: opts.timeoutMs ?? 300_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(deadline);
        const ms = performance.now() - t0;
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          ms,
          wireBytes: body.length,
          contentEncoding: (res.headers['content-encoding'] as string | undefined) ?? null,
          headers: res.headers,
          body,
        });
      });
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', fail);
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export interface FormatResult {
  format: 'geojson' | 'binary';
  status: number;
  /** The server refused (GeoJSON above its feature limit): the error message. */
  refused?: string;
  medianMs: number;
  runsMs: number[];
  bytes: number;
  bytesPerAccident: number | null;
  features: number | null;
  /** With `Accept-Encoding: gzip`: median time, bytes on the wire and whether the server compressed. */
  gzip: { medianMs: number; wireBytes: number; contentEncoding: string | null };
  /** The identity body gzipped here (level 6), for reference when the server does not compress. */
  gzipLocalBytes: number;
}

/** One warm-up, then `runs` timed requests without and with gzip. */
export async function measureAccidents(base: string, format: 'geojson' | 'binary', expected: number, runs = 5): Promise<FormatResult> {
  const url = `${base}/api/accidents${format === 'binary' ? '?format=binary' : ''}`;
  const warm = await fetchRaw(url);
  if (warm.status !== 200) {
    let message = warm.body.toString('utf8').slice(0, 300);
    try {
      message = JSON.parse(message).error?.message ?? message;
    } catch {
      /* keep text */
    }
    if (format === 'geojson' && warm.status === 400) {
      return {
        format,
        status: warm.status,
        refused: message,
        medianMs: warm.ms,
        runsMs: [warm.ms],
        bytes: warm.wireBytes,
        bytesPerAccident: null,
        features: null,
        gzip: { medianMs: NaN, wireBytes: NaN, contentEncoding: null },
        gzipLocalBytes: NaN,
      };
    }
    throw new Error(`GET ${url} → ${warm.status}: ${message}`);
  }
  const plain: Fetched[] = [];
  for (let i = 0; i < runs; i++) plain.push(await fetchRaw(url));
  const gz: Fetched[] = [];
  for (let i = 0; i < runs; i++) gz.push(await fetchRaw(url, { gzip: true }));
  const last = plain[plain.length - 1];
  if (last.contentEncoding) throw new Error(`GET ${url} without Accept-Encoding came back ${last.contentEncoding}`);

  let features: number | null = null;
  if (format === 'binary') {
    features = last.body.length >= 12 ? last.body.readUInt32LE(8) : null;
  } else {
    // Counting "Feature" objects is cheaper and sturdier than parsing 100+ MB of JSON.
    const m = last.body.toString('utf8').match(/"type"\s*:\s*"Feature"/g);
    features = m ? m.length : 0;
  }
  if (features !== expected) console.warn(`  ! ${format}: ${features} features, expected ${expected}`);
  return {
    format,
    status: 200,
    medianMs: median(plain.map((f) => f.ms)),
    runsMs: plain.map((f) => Math.round(f.ms)),
    bytes: last.wireBytes,
    bytesPerAccident: features ? last.wireBytes / features : null,
    features,
    gzip: {
      medianMs: median(gz.map((f) => f.ms)),
      wireBytes: gz[gz.length - 1].wireBytes,
      contentEncoding: gz[gz.length - 1].contentEncoding,
    },
    gzipLocalBytes: zlib.gzipSync(last.body, { level: 6 }).length,
  };
}
