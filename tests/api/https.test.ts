import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '@api/env';
import { lanAddresses, tlsFor } from '@api/lib/tls';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { startApp } from '@api/start';

/**
 * HTTPS for phones on the LAN (browsers give position and camera to secure origins only): a
 * self-signed certificate made on the first start and kept, or the unit's own by TLS_CERT and
 * TLS_KEY; each bad setting stops the start with the variable named.
 */
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'changan-tls-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const envWith = (over: Record<string, string>) => loadEnv({ BACKUP_EVERY_HOURS: '0', ...over });

/** A request over TLS that trusts only `ca` and checks the name: what a phone that accepted the certificate does. */
function get(url: string, ca: string | undefined, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = https.request(url, { ca, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('HTTPS', () => {
  it('makes a self-signed certificate for localhost and the LAN addresses once, keeps it, and makes it again for a new name', async () => {
    const dir = tempDir();
    const first = (await tlsFor(envWith({ HTTPS: '1', DATA_DIR: dir })))!;
    expect(first.source).toEqual({ kind: 'self-signed', dir: path.join(dir, 'tls') });
    expect(first.names).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1', ...lanAddresses()]));
    expect(fs.statSync(path.join(dir, 'tls', 'key.pem')).mode & 0o077).toBe(0);
    const cert = new X509Certificate(first.cert);
    expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(800 * 86_400_000);
    expect(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(first.key))).toBe(true);
    // The next start keeps it (a phone that accepted it is not asked again).
    expect((await tlsFor(envWith({ HTTPS: '1', DATA_DIR: dir })))!.fingerprint).toBe(first.fingerprint);
    // A name it lacks (HOST set to the server's name on the LAN): made again, with that name.
    const named = (await tlsFor(envWith({ HTTPS: '1', DATA_DIR: dir, HOST: 'changan.lan' })))!;
    expect(named.fingerprint).not.toBe(first.fingerprint);
    expect(named.names).toContain('changan.lan');
    // Nothing asked, nothing made; in memory, nothing written.
    expect(await tlsFor(envWith({ DATA_DIR: tempDir() }))).toBeNull();
    expect((await tlsFor(envWith({ HTTPS: '1', DATA_DIR: 'memory://' })))!.source).toEqual({ kind: 'self-signed', dir: null });
  });

  it("serves the unit's own certificate and key (TLS_CERT, TLS_KEY), and names the variable when one is missing, unreadable or not the other's", async () => {
    const dir = tempDir();
    const made = (await tlsFor(envWith({ HTTPS: '1', DATA_DIR: dir })))!;
    const certFile = path.join(dir, 'tls', 'cert.pem');
    const keyFile = path.join(dir, 'tls', 'key.pem');
    const own = (await tlsFor(envWith({ TLS_CERT: certFile, TLS_KEY: keyFile })))!;
    expect(own.source).toEqual({ kind: 'files', cert: certFile });
    expect(own.fingerprint).toBe(made.fingerprint);

    expect(() => envWith({ TLS_CERT: certFile })).toThrow(/TLS_KEY: needed with TLS_CERT/);
    expect(() => envWith({ TLS_KEY: keyFile })).toThrow(/TLS_CERT: needed with TLS_KEY/);
    await expect(tlsFor(envWith({ TLS_CERT: path.join(dir, 'nope.pem'), TLS_KEY: keyFile }))).rejects.toThrow(/TLS_CERT: cannot read .*nope\.pem: ENOENT/);
    await expect(tlsFor(envWith({ TLS_CERT: keyFile, TLS_KEY: keyFile }))).rejects.toThrow(/TLS_CERT: .* is not a PEM certificate/);
    await expect(tlsFor(envWith({ TLS_CERT: certFile, TLS_KEY: certFile }))).rejects.toThrow(/TLS_KEY: .* is not a PEM private key/);
    const other = path.join(dir, 'other.pem');
    fs.writeFileSync(other, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(tlsFor(envWith({ TLS_CERT: certFile, TLS_KEY: other }))).rejects.toThrow(/TLS_KEY: .* is not the key of the certificate/);
  });

  it('runs the app over HTTPS: a client trusting the certificate reaches 127.0.0.1 by name, and the session cookie is Secure', async () => {
    const dir = tempDir();
    const app = await startApp({ port: 0, databaseUrl: inject('db').url, env: { ...envWith({ HTTPS: '1', DATA_DIR: dir }) } });
    try {
      expect(app.url).toBe(`https://127.0.0.1:${app.port}`);
      const ca = app.tls!.cert;
      expect((await get(`${app.url}/api/health`, ca)).status).toBe(200);
      const signIn = await get(`${app.url}/api/auth/login`, ca, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'officer.donge', password: DEMO_PASSWORD }),
      });
      expect(signIn.status).toBe(200);
      expect(String(signIn.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      // A client that does not trust it is refused by TLS, not served in the clear.
      await expect(get(`${app.url}/api/health`, undefined)).rejects.toThrow(/self[- ]signed|certificate/i);
    } finally {
      await app.close();
    }
  });
});
