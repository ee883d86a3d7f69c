import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A link's speed as CDP's `Network.emulateNetworkConditions` gives it: latency in ms, download in bytes per second. */
export interface LinkConditions {
  latency: number;
  downloadThroughput: number;
}

/**
 * The phone's mobile link, in front of the app: a proxy that passes every request on, slowed to
 * `throttle`'s conditions (each request answered no sooner than its latency, the answers' bytes
 * sharing one download rate, as on one radio link), or held unanswered (`hold`: a stalled signal;
 * the connections stay open until `release` drops them). What Chromium's own switches cannot do:
 * CDP's throttling and offline mode reach the page's requests, not a service worker's fetches.
 * Used by the browser tests (a weak signal) and the first-load bench (the installed app reopened).
 */
export async function linkProxy(target: string) {
  const upstream = new URL(target);
  let holding: RegExp | null = null;
  let link: LinkConditions | null = null;
  /** When the shared link is next free to send a byte (ms, performance.now()). */
  let linkFreeAt = 0;
  const held: { path: string; res: http.ServerResponse }[] = [];
  /** What crossed the link: each answer's path and its bytes as sent (the body as encoded). */
  const sent: { path: string; bytes: number }[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  /** Waits until `bytes` would have crossed the link after everything queued before them. */
  const cross = async (bytes: number) => {
    if (!link) return;
    const now = performance.now();
    linkFreeAt = Math.max(now, linkFreeAt) + (bytes / link.downloadThroughput) * 1000;
    await sleep(linkFreeAt - now);
  };

  const server = http.createServer(async (req, res) => {
    const path = req.url ?? '/';
    if (holding?.test(path)) {
      held.push({ path, res });
      return;
    }
    if (link) await sleep(link.latency);
    const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const record = { path, bytes: 0 };
      sent.push(record);
      answer.on('data', (chunk: Buffer) => (record.bytes += chunk.length));
      if (!link) {
        answer.pipe(res);
        return;
      }
      answer.on('data', (chunk: Buffer) => {
        answer.pause();
        void cross(chunk.length).then(() => {
          res.write(chunk);
          answer.resume();
        });
      });
      answer.on('end', () => void cross(0).then(() => res.end()));
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  // Kept-alive connections would keep close() waiting.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Slows every request from now on (null: full speed again). */
    throttle(conditions: LinkConditions | null) {
      link = conditions;
    },
    /** Holds every request whose path (with its query) matches, from now on. */
    hold(paths: RegExp) {
      holding = paths;
    },
    /** What has crossed the link so far (answers' paths with their query, and body bytes as sent). */
    sent: () => sent.map((t) => ({ ...t })),
    /** The paths held so far (without their query). */
    held: () => held.map((h) => h.path.split('?')[0]),
    /** Stops holding and drops what was held (their connections reset). */
    release() {
      holding = null;
      for (const h of held.splice(0)) h.res.destroy();
    },
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
