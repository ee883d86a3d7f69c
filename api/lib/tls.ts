import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import type { Env } from '../env';

/**
 * HTTPS for the server. Browsers give the device's position (我的位置) and the camera only to a
 * secure origin: https, or localhost. A phone on the brigade's LAN reaches the server by its
 * address, so the server speaks HTTPS when asked:
 *   - TLS_CERT and TLS_KEY: a certificate and its key, PEM files (the unit's own, or one from its CA);
 *   - HTTPS=1 alone: a self-signed certificate made on the first start and kept in DATA_DIR/tls,
 *     made again when the machine's addresses are no longer all in it or it nears its end.
 * The phone then warns once about the self-signed certificate; the README says how to go on.
 */
export interface Tls {
  key: string;
  cert: string;
  /** Where the certificate came from: the files named, or made here (and where it is kept). */
  source: { kind: 'files'; cert: string } | { kind: 'self-signed'; dir: string | null };
  /** The names and addresses the certificate holds (its subjectAltName). */
  names: string[];
  /** SHA-256 fingerprint, to compare with what the phone shows. */
  fingerprint: string;
}

/** Days a self-signed certificate lasts: Apple's limit for one a user trusts. */
const SELF_SIGNED_DAYS = 825;
/** Made again when fewer days than this are left. */
const RENEW_DAYS = 30;

/** The machine's addresses another device can reach (IPv4, not loopback), for the certificate and the start message. */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

/** What a self-signed certificate should hold: localhost, the loopbacks, HOST if it is one address, and the LAN addresses. */
export function certificateNames(host: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  if (isIP(host) && host !== '0.0.0.0' && host !== '::') names.push(host);
  else if (!isIP(host) && host !== 'localhost') names.push(host);
  for (const a of lanAddresses()) names.push(a);
  return [...new Set(names)];
}

const namesOf = (cert: X509Certificate) =>
  (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .map((n) => n.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean)
    // Node writes an IPv6 address in full (0:0:0:0:0:0:0:1).
    .map((n) => (n === '0:0:0:0:0:0:0:1' ? '::1' : n));

function tlsOf(key: string, cert: string, source: Tls['source']): Tls {
  const x = new X509Certificate(cert);
  return { key, cert, source, names: namesOf(x), fingerprint: x.fingerprint256 };
}

/** The certificate and key TLS_CERT and TLS_KEY name, checked: readable, PEM, and the key the certificate's. */
function fromFiles(certFile: string, keyFile: string): Tls {
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`Invalid environment:\n  ${name}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const cert = read('TLS_CERT', certFile);
  const key = read('TLS_KEY', keyFile);
  let x: X509Certificate;
  try {
    x = new X509Certificate(cert);
  } catch {
    throw new Error(`Invalid environment:\n  TLS_CERT: ${certFile} is not a PEM certificate`);
  }
  let k: ReturnType<typeof createPrivateKey>;
  try {
    k = createPrivateKey(key);
  } catch {
    throw new Error(`Invalid environment:\n  TLS_KEY: ${keyFile} is not a PEM private key (or it has a passphrase)`);
  }
  if (!x.checkPrivateKey(k)) throw new Error(`Invalid environment:\n  TLS_KEY: ${keyFile} is not the key of the certificate in ${certFile}`);
  if (Date.parse(x.validTo) < Date.now()) throw new Error(`Invalid environment:\n  TLS_CERT: ${certFile} expired on ${x.validTo}`);
  return tlsOf(key, cert, { kind: 'files', cert: certFile });
}

async function selfSigned(env: Env): Promise<Tls> {
  const dir = env.DATA_DIR === 'memory://' ? null : path.join(env.DATA_DIR, 'tls');
  const names = certificateNames(env.HOST);
  const certFile = dir && path.join(dir, 'cert.pem');
  const keyFile = dir && path.join(dir, 'key.pem');
  if (certFile && keyFile && fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    try {
      const kept = tlsOf(fs.readFileSync(keyFile, 'utf8'), fs.readFileSync(certFile, 'utf8'), { kind: 'self-signed', dir });
      const left = Date.parse(new X509Certificate(kept.cert).validTo) - Date.now();
      if (names.every((n) => kept.names.includes(n)) && left > RENEW_DAYS * 86_400_000) return kept;
    } catch {
      // Unreadable or damaged: made again below.
    }
  }
  const made = await generate([{ name: 'commonName', value: "畅安 Chang'an" }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(Date.now() - 86_400_000),
    notAfterDate: new Date(Date.now() + SELF_SIGNED_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  if (dir && certFile && keyFile) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(keyFile, made.private, { mode: 0o600 });
    fs.writeFileSync(certFile, made.cert);
  }
  return tlsOf(made.private, made.cert, { kind: 'self-signed', dir });
}

/** HTTPS as the environment asks, or null for plain HTTP. */
export async function tlsFor(env: Env): Promise<Tls | null> {
  if (env.TLS_CERT && env.TLS_KEY) return fromFiles(env.TLS_CERT, env.TLS_KEY);
  if (env.HTTPS === '1') return selfSigned(env);
  return null;
}
