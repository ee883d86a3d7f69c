import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A weak signal, as a phone in a village has it: a proxy in front of the app that passes every
 * request on until told to `hold` some, which it then never answers (the connection stays open,
 * as on a link that has stalled) until `release` drops them. Chromium's offline switch and CDP's
 * throttling do not reach a service worker's own fetches; a proxy does.
 */
export async function stallProxy(target: string) {
  const upstream = new URL(target);
  let holding: RegExp | null = null;
  const held: { path: string; res: http.ServerResponse }[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    if (holding?.test(path)) {
      held.push({ path, res });
      return;
    }
    const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
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
    /** Holds every request whose path (with its query) matches, from now on. */
    hold(paths: RegExp) {
      holding = paths;
    },
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
