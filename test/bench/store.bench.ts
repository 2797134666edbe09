// History store benchmark: 1,000 sites × one year of synthetic history.
// Rollups and raw samples are generated in bulk (hour by hour, all sites at a time, as the
// poller would have written them, so pages split as they do in real use); then a few
// real rounds go through recordRound and the hot queries are timed.
// Run: npm run bench:store
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/store/sqlite/db.ts';
import { HistoryRepo } from '../../electron/core/store/sqlite/history-repo.ts';
import type { Sample } from '../../electron/core/store/history-types.ts';
import { SitesRepo } from '../../electron/core/store/sqlite/sites-repo.ts';
import { ManualClock } from '../../shared/clock.ts';
import { SiteInputSchema } from '../../shared/site.ts';
import { Figures } from './figures.ts';
import { DAY_S, generate, NOW, POLL_S, siteModels } from './history-year.ts';

const SITES = 1000;

const figures = new Figures(48);
const report = figures.report.bind(figures);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function time(fn: () => unknown, runs: number): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

const fileMb = (file: string): number => ['', '-wal'].reduce((sum, ext) => sum + (fs.existsSync(file + ext) ? fs.statSync(file + ext).size : 0), 0) / 1e6;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-bench-store-'));
  const file = path.join(dir, 'console.sqlite');
  const db = openDatabase(file);
  try {
    const clock = new ManualClock(NOW);
    const areas = ['North', 'South', 'East', 'West', 'Central', 'Coast', 'Valley', 'Moor'];
    const phases = ['Primary', 'Secondary', 'Special', 'Nursery', 'All-through'];
    const groups = ['Academies', 'Local authority maintained schools', 'Free Schools', 'Special schools'];
    const sites = new SitesRepo(db, clock).createMany(
      Array.from({ length: SITES }, (_, i) =>
        SiteInputSchema.parse({ urn: 100000 + i, name: `School ${i}`, host: '127.0.0.1', user: 'b2b', area: areas[i % 8], phase: phases[i % 5], typeGroup: groups[i % 4] }),
      ),
    );
    const models = siteModels(sites.map((s) => s.id));

    console.log(`Generating ${SITES} sites × 365 days (hourly rollups for 91 days, raw samples for 50 h)…`);
    const genStart = performance.now();
    db.pragma('synchronous = OFF');
    generate(db, models);
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const counts = (['history_samples', 'history_hourly', 'history_daily'] as const).map((t) => `${t} ${(db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n}`);
    console.log(`  generated in ${((performance.now() - genStart) / 1000).toFixed(1)} s: ${counts.join(', ')}\n`);
    report('database size', fileMb(file), 'MB', '≤ 500 MB');

    const repo = new HistoryRepo(db, clock);
    const ingest: number[] = [];
    for (let k = 1; k <= 15; k++) {
      const ts = NOW + k * POLL_S * 1000;
      clock.set(ts);
      const round: Sample[] = models.map((m) => ({
        siteId: m.id,
        ts: ts + Math.floor(m.rng() * 20_000),
        verdict: m.verdict,
        rawVerdict: m.verdict,
        latencyMs: 90,
        reasons: [],
        returns: k === 3 ? { attendance: 1 } : {},
        lastSuccess: k === 3 ? { attendance: new Date(ts).toISOString() } : {},
      }));
      const t = performance.now();
      repo.recordRound(round);
      ingest.push(performance.now() - t);
    }
    // No target in the issue; for scale, the poller's whole warm round of 2,000 sites has 1.5 s.
    report('ingest one round of 1,000 sites (median of 15)', median(ingest), 'ms');
    report('ingest one round of 1,000 sites (slowest of 15)', Math.max(...ingest), 'ms');

    const now = clock.now();
    const year = { from: now - 365 * DAY_S * 1000, to: now };
    report('uptime, every site, 365 days (median of 11)', time(() => repo.uptime(year), 11), 'ms', '≤ 50 ms');
    report('uptime, every site, 365 days, by area', time(() => repo.uptime({ ...year, groupBy: 'area' }), 11), 'ms');
    report('uptime, every site, last 7 days', time(() => repo.uptime({ from: now - 7 * DAY_S * 1000, to: now }), 11), 'ms');
    const ninety = { from: now - 90 * DAY_S * 1000, to: now };
    const pick = (i: number): number => models[(i * 37) % SITES]?.id ?? 1;
    let i = 0;
    report("one site's 90-day series, daily (median of 50)", time(() => repo.series({ siteId: pick(i++), ...ninety, bucket: 'day' }), 50), 'ms', '≤ 5 ms');
    report("one site's 90-day series, hourly (median of 50)", time(() => repo.series({ siteId: pick(i++), ...ninety, bucket: 'hour' }), 50), 'ms', '≤ 5 ms');
    report('fleet 90-day series, daily', time(() => repo.series({ siteId: null, ...ninety, bucket: 'day' }), 5), 'ms');
    report("one site's 30-day timeline", time(() => repo.timeline(pick(i++), now - 30 * DAY_S * 1000, now), 50), 'ms');
    report('fleet snapshot: latest of every site', time(() => repo.latest(), 11), 'ms');

    const t = performance.now();
    const pruned = await repo.prune(now);
    report('prune (one day of hourly rows, 3 h of samples)', performance.now() - t, 'ms');
    report('prune: longest single transaction', pruned.longestBatchMs, 'ms');
    console.log(`  pruned ${pruned.samples} samples, ${pruned.hourly} hourly and ${pruned.daily} daily rows in ${pruned.batches} transactions`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    report('database size after prune', fileMb(file), 'MB', '≤ 500 MB');
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(figures.line('store'));
}

await main();
