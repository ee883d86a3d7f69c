/** What the in-process benchmarks (places, lights, dashboard) share: arguments, timing, the machine's state, formatting. */
import fs from 'node:fs';

export type Engine = 'pglite' | 'postgres';

/** `--name value` from the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** `--engines pglite,postgres` (both by default), checked. */
export function engineArg(): Engine[] {
  const engines = arg('engines', 'pglite,postgres').split(',') as Engine[];
  for (const e of engines) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engines: unknown engine ${e}`);
  return engines;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Milliseconds to sort a fixed million numbers: what "fast" means on this machine right now. */
export function cpuReference(): number {
  const xs = Array.from({ length: 1_000_000 }, (_, i) => (i * 2654435761) % 1_000_003);
  const t = performance.now();
  xs.sort((a, b) => a - b);
  return performance.now() - t;
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

/** 850 ms, 2.41 s. */
export const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
export const range = (xs: number[]) => `${s(Math.min(...xs))}–${s(Math.max(...xs))}`;

/**
 * Each case once to warm up, then `runs` rounds of all of them, a CPU reference before each round
 * and the load average after: the times, each case's last answer, and the medians.
 */
export async function measureCases<C extends Record<string, () => Promise<unknown>>>(cases: C, runs: number) {
  type Case = keyof C & string;
  const names = Object.keys(cases) as Case[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Case, number[]>;
  const results: Partial<Record<Case, unknown>> = {};
  const refs: number[] = [];
  const loads: string[] = [loadavg()];
  for (const name of names) results[name] = await cases[name]();
  for (let i = 0; i < runs; i++) {
    refs.push(cpuReference());
    for (const name of names) {
      const [ms, value] = await time<unknown>(cases[name]);
      times[name].push(ms);
      results[name] = value;
    }
    loads.push(loadavg());
  }
  const medians = Object.fromEntries(names.map((n) => [n, median(times[n])])) as Record<Case, number>;
  return { times, results, medians, cpuRefMs: median(refs), cpuRefs: refs, loads };
}
