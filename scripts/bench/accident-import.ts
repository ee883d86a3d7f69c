/**
 * `npm run bench:accident-import [-- --engines pglite,postgres --rows 200000 --keep]`
 *
 * A brigade's accident export of `rows` records as .xlsx (a title, a GCJ-02 note, the header in
 * row 3, the export's 14 columns), imported by an admin into the app as `npm start` opens it (a
 * fresh database per engine with the default 20 000 synthetic accidents; embedded: a temp
 * DATA_DIR; native: a throwaway database on BENCH_DATABASE_URL), as the dialog sends it: a job,
 * followed to its end. Timed from the upload to the report, snapping included (the trigger);
 * memory is the server's process tree (server and, embedded, PGlite) sampled every 100 ms, its
 * peak against its idle level before the upload. Targets (issue 17): ≤ 60 s embedded and ≤ 30 s
 * native, ≤ 1 GB above idle.
 *
 * The export is synthetic and deterministic: the seeded accidents' own points, each used 10 times
 * moved a few metres (seeded Rng), times spread over 2016–2025; a tenth of the rows have no
 * coordinates and are placed by a numbered road + 桩号 (the seed lays kilometre posts along them).
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@api/seed/accounts';
import { wgs84ToGcj02 } from '@api/lib/china-crs';
import { ACCIDENT_COLUMNS } from '@shared/accidents/accident-columns';
import { Rng } from '../../data/generator/random';
import { benchPlace } from './bench-database';
import { RssSampler } from './rss';
import { startServerProcess } from '../server-process';

type Engine = 'pglite' | 'postgres';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const engines = arg('engines', 'pglite,postgres').split(',') as Engine[];
const rows = Number(arg('rows', '200000'));
const keep = process.argv.includes('--keep');
const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const WEATHER = ['晴', '晴', '晴', '阴', '雨', '雾', '雪'];
const LIGHT = ['白天', '白天', '黄昏', '夜间有路灯照明', '夜间无路灯照明'];
const VEHICLES = ['小型汽车', '小型汽车、电动自行车', '货车', '摩托车、行人', '三轮车', '客车、小型汽车'];
const MANNER = ['追尾', '正面相撞', '侧面相撞', '刮撞行人', '单车事故'];

/** The export, streamed to a file: `points` are the seeded accidents' (WGS84), written as GCJ-02 as the note says. */
async function writeExport(file: string, points: [number, number][], stakes: { ref: string; km: number }[]) {
  const rng = new Rng(20261203, 'accident-import-bench');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('事故信息');
  ws.addRow(['聊城市道路交通事故信息导出（基准测试，合成数据）']).commit();
  ws.addRow(['坐标系：GCJ-02']).commit();
  ws.addRow(Object.values(ACCIDENT_COLUMNS).map((names) => names[0])).commit();
  const start = Date.UTC(2016, 0, 1);
  const span = Date.UTC(2025, 11, 31) - start;
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + rng.next() * span);
    const time = `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')} ${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`;
    const deaths = rng.chance(0.03) ? 1 : 0;
    const injuries = rng.chance(0.4) ? 1 + rng.int(3) : 0;
    const byStake = stakes.length > 0 && i % 10 === 9;
    const s = byStake ? stakes[rng.int(stakes.length)] : null;
    const [lon, lat] = byStake ? ['', ''] : (() => {
      const p = points[i % points.length];
      return wgs84ToGcj02(p[0] + rng.uniform(-0.0002, 0.0002), p[1] + rng.uniform(-0.0002, 0.0002));
    })();
    ws.addRow([
      `BENCH-${String(i + 1).padStart(7, '0')}`, time, '', lon, lat, deaths, injuries, rng.int(50) * 1000, rng.pick(MANNER),
      rng.pick(WEATHER), rng.pick(LIGHT), rng.pick(VEHICLES), s?.ref ?? '', s ? `K${Math.floor(s.km)}+${String(Math.floor((s.km % 1) * 1000)).padStart(3, '0')}` : '',
    ]).commit();
  }
  await wb.commit();
}

async function runEngine(engine: Engine) {
  const place = await benchPlace(engine, 'accimport');
  const { child, url } = await startServerProcess({ DATA_DIR: place.dataDir, SEED_DEMO: '1', ...(place.databaseUrl && { DATABASE_URL: place.databaseUrl }) }, 30 * 60_000);
  const file = path.join(os.tmpdir(), `changan-bench-accidents-${process.pid}.xlsx`);
  try {
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
    const session = (await login.json()) as { csrfToken: string };
    const auth = { cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': session.csrfToken };
    const seeded = (await (await fetch(`${url}/api/accidents?format=geojson`)).json()) as { features: { geometry: { coordinates: [number, number] } }[] };
    const points = seeded.features.map((f) => f.geometry.coordinates);
    // Numbered roads with their kilometre posts, as the roads layer names them: a 桩号 inside K1 of each.
    const roads = (await (await fetch(`${url}/api/roads?class=national,provincial`)).json()) as { features: { properties: { ref?: string | null } }[] };
    const refs = [...new Set(roads.features.map((f) => f.properties.ref).filter((r): r is string => !!r && /^[GS]\d+$/.test(r)))];
    const stakes = refs.map((ref) => ({ ref, km: 0.5 }));
    const written = performance.now();
    await writeExport(file, points, stakes);
    const bytes = fs.readFileSync(file);
    console.error(`[bench:accident-import] ${engine}: ${rows} rows written to ${mb(bytes.length)} of .xlsx in ${((performance.now() - written) / 1000).toFixed(1)} s`);

    const sampler = new RssSampler(child.pid!);
    await sleep(2000);
    sampler.sample();
    const idle = sampler.peaks.peakTotal;
    sampler.start();
    const t0 = performance.now();
    const form = new FormData();
    form.append('file', new File([bytes], '聊城事故导出.xlsx'));
    const res = await fetch(`${url}/api/accidents/import`, { method: 'POST', headers: { ...auth, prefer: 'respond-async' }, body: form });
    if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
    let job = (await res.json()) as { id: number; state: string; done: number; total: number | null; result?: { saved: number; updated: number; rejected: number; skipped: number; rows: { status: string; rule?: string }[] }; error?: unknown };
    while (job.state === 'running') {
      await sleep(500);
      job = await (await fetch(`${url}/api/jobs/${job.id}`, { headers: auth })).json();
    }
    const seconds = (performance.now() - t0) / 1000;
    const peaks = sampler.stop();
    if (job.state !== 'done' || !job.result) throw new Error(`the job ended ${job.state}: ${JSON.stringify(job.error)}`);
    const r = job.result;
    const rules: Record<string, number> = {};
    for (const row of r.rows) if (row.status === 'rejected') rules[row.rule ?? '?'] = (rules[row.rule ?? '?'] ?? 0) + 1;
    const health = await (await fetch(`${url}/api/health`)).json();
    return {
      engine,
      rows,
      fileMb: Math.round(bytes.length / 1048576),
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(rows / seconds),
      saved: r.saved,
      rejected: r.rejected,
      rejectedBy: rules,
      idleMb: Math.round(idle / 1048576),
      peakMb: Math.round(peaks.peakTotal / 1048576),
      aboveIdleMb: Math.round((peaks.peakTotal - idle) / 1048576),
      peakByProcessMb: Object.fromEntries(Object.entries(peaks.peakByProcess).map(([k, v]) => [k, Math.round(v / 1048576)])),
      healthy: (health as { ok?: boolean }).ok === true,
      load: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
  } finally {
    fs.rmSync(file, { force: true });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await place.remove(keep);
  }
}

const results = [];
for (const engine of engines) {
  const r = await runEngine(engine);
  console.log(JSON.stringify(r));
  results.push(r);
}
console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${mb(os.totalmem())}; ${new Date().toISOString()}`);
