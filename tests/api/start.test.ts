import net from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { startApp } from '../../api/start';

describe('startApp', () => {
  it('serves the API on the shared test database and reports the engine', async () => {
    const app = await startApp({ port: 0, databaseUrl: inject('db').url });
    try {
      const health = await (await fetch(`${app.url}/api/health`)).json();
      expect(health).toMatchObject({ ok: true, engine: inject('db').engine });
    } finally {
      await app.close();
    }
  });

  it('stops with a clear message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startApp({ port, databaseUrl: inject('db').url })).rejects.toThrow(
        new RegExp(`Port ${port} on 127.0.0.1 is already in use.*set PORT`),
      );
    } finally {
      blocker.close();
    }
  });
});
