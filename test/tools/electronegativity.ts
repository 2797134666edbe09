// The electronegativity gate: scans electron/ (main, preload, core; TypeScript is parsed
// as is) and fails on any HIGH finding not listed, with a reason, in
// build/electronegativity-allow.json, and on any allow-list entry that no longer matches.
// Run: node test/tools/electronegativity.ts
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Finding {
  id: string;
  /** Relative to the scanned folder, '/'-separated; 'N/A' for whole-app checks. */
  file: string;
  line: number;
  severity: string;
  confidence: string;
  sample: string;
}

export interface AllowEntry {
  id: string;
  file: string;
  /** Why this is a false positive: required, so no finding is waved through unexplained. */
  why: string;
}

export interface Verdict {
  /** HIGH findings nobody has explained. */
  blocking: Finding[];
  /** Allow-list entries that match no HIGH finding: delete them so they cannot hide a new one. */
  stale: AllowEntry[];
  /** Entries without a reason. */
  unexplained: AllowEntry[];
}

const matches = (f: Finding, a: AllowEntry) => f.id === a.id && f.file === a.file;

export function judgeFindings(findings: readonly Finding[], allow: readonly AllowEntry[]): Verdict {
  const high = findings.filter((f) => f.severity === 'HIGH');
  const unexplained = allow.filter((a) => a.why.trim().length < 10);
  const explained = allow.filter((a) => !unexplained.includes(a));
  return {
    blocking: high.filter((f) => !explained.some((a) => matches(f, a))),
    stale: allow.filter((a) => !high.some((f) => matches(f, a))),
    unexplained,
  };
}

export function parseAllowList(text: string): AllowEntry[] {
  const raw = JSON.parse(text) as unknown;
  const ok = (e: unknown): e is AllowEntry =>
    typeof e === 'object' && e !== null && ['id', 'file', 'why'].every((k) => typeof (e as Record<string, unknown>)[k] === 'string');
  if (!Array.isArray(raw) || !raw.every(ok)) throw new Error('The allow-list is an array of { "id", "file", "why" } strings');
  return raw;
}

interface RawIssue {
  id: string;
  file: string;
  location?: { line?: number };
  severity: { name: string };
  confidence: { name: string };
  sample?: string;
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ errors: unknown[]; issues: RawIssue[] }>;

// Checks that fetch Electron's release list from GitHub: tests stay off the network, and
// the Electron version is pinned in package.json and reviewed when it is bumped.
const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck', 'electronversionjsoncheck'];

export async function scan(dir: string, electronVersion: string): Promise<Finding[]> {
  const requireHere = createRequire(import.meta.url);
  const pkgDir = path.dirname(requireHere.resolve('@doyensec/electronegativity/package.json'));
  // Its runner fetches translations from S3 before every scan (and crashes on a retry when
  // offline); the English strings ship with it, so load those instead.
  const i18n = createRequire(path.join(pkgDir, 'package.json'))('i18n') as { configure(o: Record<string, unknown>): void };
  const i18nModule = path.join(pkgDir, 'dist', 'locales', 'i18n.js');
  const stub = new Module(i18nModule);
  stub.exports = () => {
    i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: path.dirname(i18nModule), updateFiles: false, objectNotation: true, register: globalThis });
    return Promise.resolve();
  };
  stub.loaded = true;
  requireHere.cache[i18nModule] = stub;
  const run = requireHere(pkgDir) as Run;
  const result = await run(
    { input: path.resolve(dir), customScan: [], excludeFromScan: NETWORK_CHECKS, isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, parserPlugins: [] },
    false,
  );
  if (result.errors.length) throw new Error(`electronegativity could not parse: ${JSON.stringify(result.errors).slice(0, 500)}`);
  return result.issues.map((i) => ({
    id: i.id,
    file: i.file.split(path.sep).join('/'),
    line: i.location?.line ?? 0,
    severity: i.severity.name,
    confidence: i.confidence.name,
    sample: (i.sample ?? '').slice(0, 120),
  }));
}

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  const findings = await scan(path.join(root, 'electron'), pkg.version);
  const allow = parseAllowList(fs.readFileSync(path.join(root, 'build', 'electronegativity-allow.json'), 'utf8'));
  for (const f of findings) console.log(`${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line} ${f.sample}`);
  const { blocking, stale, unexplained } = judgeFindings(findings, allow);
  for (const f of blocking) console.error(`HIGH finding not in build/electronegativity-allow.json: ${f.id} ${f.file}:${f.line}`);
  for (const a of stale) console.error(`Stale allow-list entry (matches no HIGH finding): ${a.id} ${a.file}`);
  for (const a of unexplained) console.error(`Allow-list entry without a reason: ${a.id} ${a.file}`);
  const ok = blocking.length + stale.length + unexplained.length === 0;
  console.log(`electronegativity: ${findings.length} findings, ${findings.filter((f) => f.severity === 'HIGH').length} HIGH; ${ok ? 'ok' : 'FAILED'}`);
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
