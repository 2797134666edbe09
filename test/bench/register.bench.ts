// GIAS register benchmark: a synthetic national extract (50,000 rows × 140 columns, ~150 LAs,
// Windows-1252 with curly apostrophes, quoted commas and line breaks) previewed for one LA in a
// child process (time and peak RSS), against the floor of a raw byte read and a bare csv-parse
// pass; then 600 schools applied into a fresh register through the contract.
// Run: npm run bench:register   (-- --rows N to change the extract's size)
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { createCore } from '../../electron/core/core.ts';
import { ManualClock } from '../../shared/clock.ts';
import { GIAS_COLUMNS } from '../../shared/gias.ts';
import type { GiasPreview } from '../../shared/register.ts';
import { uploadBytes } from '../helpers/gias-files.ts';
import { Figures } from './figures.ts';

const args = process.argv.slice(2);
const ROWS = Number(args[args.indexOf('--rows') + 1] ?? 0) || 50_000;
const COLUMNS = 140;
const LAS = 150;
const TARGET_LA = '999';
const TARGET_ROWS = 600;
const here = path.dirname(fileURLToPath(import.meta.url));

const figures = new Figures(44);
const report = figures.report.bind(figures);

/** A deterministic generator: the same extract every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const NAMED = Object.values(GIAS_COLUMNS) as string[];
const HEADER = [...NAMED, ...Array.from({ length: COLUMNS - NAMED.length }, (_, i) => `Column ${i + 1} (name)`)];
const WORDS = ['St Mary’s', 'Oakfield', 'Birchwood', 'Holy Trinity', 'Greenacres', 'St John’s', 'Hillside', 'Meadow', 'Riverside', 'All Saints'];
// The national extract is about 60 MB for 50,000 rows: most of its 140 cells are blank or short codes.
const FILLER: readonly ((r: () => number) => string)[] = [() => '', () => '', () => '', () => '', () => 'Not applicable', () => 'Does not apply', (r) => String(Math.floor(r() * 1e6)), () => 'Mixed', () => '01-01-2000'];
const KINDS = ['Primary School', 'Academy', 'Church of England Primary School', 'High School', 'Infant and Nursery School', 'Catholic Primary School'];

function row(i: number, r: () => number): string[] {
  // ~150 LAs; the target LA holds exactly TARGET_ROWS schools.
  const la = i < TARGET_ROWS ? TARGET_LA : String(200 + (i % (LAS - 1)));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const e = 400000 + Math.floor(r() * 20000);
  const n = 290000 + Math.floor(r() * 20000);
  const named: Record<string, string> = {
    URN: String(100000 + i),
    'LA (code)': la,
    'LA (name)': `Authority ${la}`,
    EstablishmentNumber: String(1000 + (i % 9000)),
    EstablishmentName: `${pick(WORDS)} ${pick(KINDS)}`,
    'TypeOfEstablishment (name)': pick(['Community school', 'Academy converter', 'Voluntary aided school', 'Free schools']),
    'EstablishmentTypeGroup (name)': pick(['Local authority maintained schools', 'Academies', 'Free Schools']),
    'EstablishmentStatus (name)': r() < 0.08 ? 'Closed' : 'Open',
    'PhaseOfEducation (name)': pick(['Primary', 'Secondary', 'Nursery', 'All-through']),
    NumberOfPupils: String(Math.floor(r() * 1500)),
    'Trusts (name)': r() < 0.4 ? `${pick(WORDS)} Learning Trust` : '',
    Street: r() < 0.1 ? `Unit ${i % 40}, ${pick(WORDS)} Park` : `${i % 300} ${pick(WORDS)} Road`,
    Town: 'Brackenfield',
    Postcode: `WM${1 + (i % 9)} ${i % 10}${pick(['AB', 'UA', 'SX', 'QT'])}`,
    Easting: String(e),
    Northing: String(n),
    'ReasonEstablishmentOpened (name)': 'Not applicable',
    'ReasonEstablishmentClosed (name)': 'Not applicable',
    OpenDate: '01-09-2011',
    CloseDate: '',
  };
  return HEADER.map((h, c) => named[h] ?? (c % 17 === 0 && r() < 0.02 ? `Line one\nline two, with a comma` : pick(FILLER)(r)));
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function generate(file: string): Promise<void> {
  const out = createWriteStream(file);
  const r = rng(7);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(iconv.encode(text, 'windows-1252')) ? resolve() : out.once('drain', resolve)));
  await write(`${HEADER.map(q).join(',')}\r\n`);
  let batch = '';
  for (let i = 0; i < ROWS; i++) {
    batch += `${row(i, r).map(q).join(',')}\r\n`;
    if (i % 500 === 499) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise<void>((resolve) => out.end(resolve));
}

/** Wall time, and CPU time: on a shared two-core machine the wall clock mostly measures the neighbours. */
async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const value = await f();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'b2b-bench-register-'));
try {
  const file = path.join(dir, 'edubasealldata.csv');
  await generate(file);
  console.log(`extract: ${ROWS} rows × ${COLUMNS} columns, ${(statSync(file).size / 1048576).toFixed(1)} MB, Windows-1252`);

  const raw = await timed(async () => {
    let n = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) n += (chunk as Buffer).length;
    return n;
  });
  report('raw byte read', raw.ms, 'ms');
  report('raw byte read, CPU', raw.cpuMs, 'ms');
  const bare = await timed(async () => {
    let n = 0;
    // csv-parse's own pass over the bytes (latin1: one character a byte, no decoding), no mapping, no decisions.
    const parser = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ encoding: 'latin1' }));
    for await (const _ of parser) n++;
    return n;
  });
  report('bare csv-parse pass (bytes as latin1)', bare.ms, 'ms');
  report('bare csv-parse pass, CPU', bare.cpuMs, 'ms');

  // The preview in a child process: its own peak RSS, nothing of the generator's.
  const child = spawnSync(process.execPath, [path.join(here, 'register-preview-child.ts'), file, TARGET_LA], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`preview child failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; cpuMs: number; maxRssMb: number; kept: number; otherLa: number };
  console.log(`preview kept ${measured.kept} establishments of LA ${TARGET_LA}, counted ${measured.otherLa} rows of other LAs`);
  report('preview one LA', measured.ms, 'ms', '<= 5000');
  report('preview peak RSS (child process)', measured.maxRssMb, 'MB', '<= 200');
  report('preview one LA, CPU', measured.cpuMs, 'ms');
  report('preview / bare csv-parse pass (wall)', measured.ms / bare.ms, 'x');
  report('preview / bare csv-parse pass (CPU)', measured.cpuMs / bare.cpuMs, 'x');
  console.log(`load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);

  // Apply: 600 schools of one LA into a fresh register, through the contract, audited.
  const core = await createCore({ dataDir: path.join(dir, 'console'), mode: 'browser', version: 'bench', clock: new ManualClock(Date.UTC(2026, 11, 3, 9)), startPolling: false });
  try {
    const ask = (channel: string, payload: unknown) => core.request(channel, payload, { actor: 'Bench' });
    const r = rng(7);
    const text = `${HEADER.map(q).join(',')}\r\n${Array.from({ length: TARGET_ROWS }, (_, i) => `${row(i, r).map((c, k) => (HEADER[k] === 'EstablishmentStatus (name)' ? 'Open' : c)).map(q).join(',')}\r\n`).join('')}`;
    const uploadId = await uploadBytes(ask, 'la.csv', iconv.encode(text, 'windows-1252'));
    const preview = await ask('register.previewGias', { uploadId, laCode: TARGET_LA, includeClosed: false });
    if (!preview.ok) throw new Error(preview.error.message);
    const p = preview.data as GiasPreview;
    const applied = await timed(() => ask('register.applyGias', { previewId: p.previewId }));
    if (!applied.value.ok) throw new Error(applied.value.error.message);
    console.log(`applied ${p.created.length} new schools`);
    report(`apply ${p.created.length} schools (fresh register)`, applied.ms, 'ms', '<= 1000');

    // A re-import of the national file, the way a person does it: no LA given, the console takes
    // the one its register is in, through the contract (one pass over the file, not a listing first).
    const nationalId = await uploadBytes(ask, path.basename(file), readFileSync(file));
    const again = await timed(() => ask('register.previewGias', { uploadId: nationalId, laCode: null, includeClosed: false }));
    if (!again.value.ok) throw new Error(again.value.error.message);
    const q2 = again.value.data as GiasPreview;
    console.log(`re-import: LA ${q2.laCode ?? '?'} chosen from the register, ${q2.unchanged} unchanged, ${q2.created.length} new, ${q2.changed.length} changed`);
    report('re-import preview, national file, LA from the register', again.ms, 'ms', '<= 5000');
  } finally {
    await core.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(figures.line('register'));
