/**
 * Samples the resident memory (VmRSS) of a process and all its descendants from /proc, and keeps
 * the peak of the sum and the peak of each process. Linux only.
 */
import fs from 'node:fs';

export interface RssPeaks {
  /** Highest simultaneous sum over the tree, in bytes. */
  peakTotal: number;
  /** Highest RSS seen for each process, keyed by a role label ("server", "pglite", or a command name). */
  peakByProcess: Record<string, number>;
  samples: number;
  /** CPU seconds (user + system) used by the tree's processes, as last sampled. */
  cpuS: number;
}

const CLK_TCK = 100;

function readStat(pid: number): { ppid: number; comm: string; cpuS: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may itself contain spaces or parentheses.
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' '); // f[0] is field 3 (state)
    const ppid = Number(f[1]);
    const cpuS = (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime + stime
    return { ppid, comm, cpuS };
  } catch {
    return null;
  }
}

function readRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function readCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** The root pid and every live descendant. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(Number(name));
    children.set(st.ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private labels = new Map<number, string>();
  readonly peaks: RssPeaks = { peakTotal: 0, peakByProcess: {}, samples: 0, cpuS: 0 };
  private cpu = new Map<number, number>();

  constructor(
    private readonly root: number,
    private readonly intervalMs = 100,
  ) {}

  private label(pid: number): string {
    if (pid === this.root) return 'server';
    const known = this.labels.get(pid);
    if (known) return known;
    // A freshly forked child still shows its parent's command line until it execs: cache the
    // label only once the command line is its own.
    const cmd = readCmdline(pid);
    const l = /embedded-server/.test(cmd) ? 'pglite' : (readStat(pid)?.comm ?? `pid ${pid}`);
    if (cmd && cmd !== readCmdline(this.root)) this.labels.set(pid, l);
    return l;
  }

  sample(): void {
    if (!fs.existsSync(`/proc/${this.root}`)) return;
    let total = 0;
    const byLabel: Record<string, number> = {};
    for (const pid of processTree(this.root)) {
      const rss = readRss(pid);
      const st = readStat(pid);
      if (st) this.cpu.set(pid, st.cpuS);
      total += rss;
      const l = this.label(pid);
      byLabel[l] = (byLabel[l] ?? 0) + rss;
    }
    this.peaks.samples++;
    this.peaks.cpuS = [...this.cpu.values()].reduce((a, b) => a + b, 0);
    this.peaks.peakTotal = Math.max(this.peaks.peakTotal, total);
    for (const [l, v] of Object.entries(byLabel)) {
      this.peaks.peakByProcess[l] = Math.max(this.peaks.peakByProcess[l] ?? 0, v);
    }
  }

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): RssPeaks {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.peaks;
  }
}
