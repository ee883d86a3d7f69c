/**
 * Runs the real server (`node --import tsx api/main.ts`) as a child process in its own process
 * group, times it to a healthy `/api/health`, records its `[start 12.3s] step…` progress lines
 * and stops it with SIGTERM (SIGKILL to the whole group if it does not exit in time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { RssSampler, type RssPeaks } from './rss';

export interface StepTime {
  step: string;
  /** Seconds since the server's own start, as it printed them: first and last line of the step. */
  first: number;
  last: number;
}

export interface ServerHandle {
  pid: number;
  url: string;
  child: ChildProcess;
  steps: StepTime[];
  /** Milliseconds from spawn until /api/health answered ok. */
  healthyMs: number;
  /** CPU seconds the process tree had used when it became healthy (less sensitive to a busy machine than wall time). */
  cpuToHealthyS: number;
  /** Memory peaks up to the moment it became healthy (the sampler keeps running afterwards). */
  startPeaks: RssPeaks;
  health: unknown;
  sampler: RssSampler;
  log: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();

/** Kills every server process group still running (used on failure and on Ctrl-C). */
export function killAllServers(): void {
  for (const child of live) {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  live.clear();
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const STEP_LINE = /^\[start (\d+(?:\.\d+)?)s\] (.*?)\s*$/;

/** "accidents (synthetic): 1,000 / 20,000 (5%)" → "accidents (synthetic)"; "roads (1,234)" → "roads". */
function stepName(text: string): string {
  return text.replace(/: [\d,.\s]+ \/ [\d,.\s]+ \(\d+%\)$/, '').replace(/ \([\d,]+\)$/, '');
}

function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* keep text */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export interface StartOptions {
  root: string;
  env: Record<string, string>;
  timeoutMs: number;
  logFile: string;
  /** Echo the server's progress lines to our stdout, prefixed. */
  echo?: (line: string) => void;
}

export async function startServer(opts: StartOptions): Promise<ServerHandle> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1' };
  // The server must not inherit our own engine choice by accident.
  if (!opts.env.DATABASE_URL) delete env.DATABASE_URL;
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const logStream = fs.createWriteStream(opts.logFile);

  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: opts.root,
    env,
    detached: true, // own process group, so the embedded-database child can be killed with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const pid = child.pid!;
  const sampler = new RssSampler(pid).start();

  const steps: StepTime[] = [];
  let tail: string[] = [];
  const onText = (buf: Buffer) => {
    logStream.write(buf);
    for (const raw of buf.toString('utf8').split(/[\r\n]+/)) {
      const line = raw.trim();
      if (!line) continue;
      if (!/^at /.test(line)) tail = [...tail.slice(-30), line];
      const m = STEP_LINE.exec(line);
      if (!m) continue;
      const t = Number(m[1]);
      const name = stepName(m[2]);
      const last = steps[steps.length - 1];
      if (last && last.step === name) last.last = t;
      else {
        steps.push({ step: name, first: t, last: t });
        opts.echo?.(line);
      }
    }
  };
  // Progress lines can be split across chunks; buffer to whole lines.
  let pending = '';
  child.stdout!.on('data', (b: Buffer) => {
    const s = pending + b.toString('utf8');
    const cut = Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'));
    pending = s.slice(cut + 1);
    if (cut >= 0) onText(Buffer.from(s.slice(0, cut + 1)));
  });
  child.stderr!.on('data', (b: Buffer) => {
    logStream.write(b);
    // Stack frames ("at …") would push the error message itself out of the tail.
    for (const raw of b.toString('utf8').split('\n')) {
      const line = raw.trim();
      if (line && !/^at /.test(line)) tail = [...tail.slice(-30), line];
    }
  });

  let exited: { code: number | null; signal: string | null } | null = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    logStream.end();
  });

  const deadline = t0 + opts.timeoutMs;
  let health: unknown;
  for (;;) {
    if (exited) {
      sampler.stop();
      live.delete(child);
      const e = exited as { code: number | null; signal: string | null };
      throw new Error(`server exited (code ${e.code}, signal ${e.signal}) before it was healthy:\n  ${tail.slice(-8).join('\n  ')}`);
    }
    if (performance.now() > deadline) {
      sampler.stop();
      await killGroup(child);
      throw new Error(`server not healthy after ${(opts.timeoutMs / 1000).toFixed(0)} s; last output:\n  ${tail.slice(-8).join('\n  ')}`);
    }
    try {
      const r = await getJson(`${url}/api/health`, 5000);
      if (r.status === 200 && (r.body as { ok?: boolean })?.ok === true) {
        health = r.body;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  const healthyMs = performance.now() - t0;
  sampler.sample();
  const cpuToHealthyS = sampler.peaks.cpuS;
  const startPeaks = structuredClone(sampler.peaks);
  return { pid, url, child, steps, healthyMs, cpuToHealthyS, startPeaks, health, sampler, log: opts.logFile };
}

async function killGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid!;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone */
  }
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
  live.delete(child);
}

/** SIGTERM to the server, wait for it and its children to exit; returns the peak RSS and stop time. */
export async function stopServer(h: ServerHandle, timeoutMs = 60_000): Promise<{ peaks: RssPeaks; stopMs: number; clean: boolean }> {
  const t0 = performance.now();
  const exited = new Promise<void>((resolve) => {
    if (h.child.exitCode !== null || h.child.signalCode !== null) resolve();
    else h.child.once('exit', () => resolve());
  });
  try {
    process.kill(h.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  const timedOut = await Promise.race([exited.then(() => false), sleep(timeoutMs).then(() => true)]);
  // The server's own exit also ends the embedded database; give stragglers a moment.
  for (let i = 0; i < 50 && groupAlive(h.pid); i++) await sleep(100);
  const clean = !timedOut && !groupAlive(h.pid);
  if (!clean) await killGroup(h.child);
  live.delete(h.child);
  const peaks = h.sampler.stop();
  return { peaks, stopMs: performance.now() - t0, clean };
}
