// `npm test`: every gate in order — build, typecheck of each tsconfig, lint, unit and
// integration tests (Vitest), end-to-end tests in Chromium (Playwright), the Electron
// smoke test — then one line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TSCONFIGS, typecheck } from './typecheck.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function gate(name: string, ok: boolean): void {
  console.log(`\n${ok ? 'PASS' : 'FAIL'} ${name}\n`);
  if (ok) tally.passed++;
  else {
    tally.failed++;
    failures.push(name);
  }
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

interface VitestJson { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; success: boolean }
function vitest(): void {
  const out = path.join(results, 'unit.json');
  fs.rmSync(out, { force: true });
  const ok = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
  const r = readJson(out) as VitestJson | null;
  if (!r) return gate('vitest (no report written)', false);
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  tally.skipped += r.numPendingTests + r.numTodoTests;
  if (r.numFailedTests > 0) failures.push(`vitest: ${r.numFailedTests} failed`);
  if (!ok && r.numFailedTests === 0) gate('vitest (suite error)', false);
}

interface PwJson { stats: { expected: number; unexpected: number; skipped: number; flaky: number }; errors?: unknown[] }
function playwright(name: string, config: string, opts: { display?: boolean } = {}): void {
  const out = path.join(results, `${name}.json`);
  fs.rmSync(out, { force: true });
  const args = ['test', '-c', config];
  // A desktop window needs a display: on a headless Linux box, give it a virtual one.
  const xvfb = opts.display && process.platform === 'linux' && !process.env.DISPLAY && fs.existsSync('/usr/bin/xvfb-run');
  const ok = xvfb
    ? run('/usr/bin/xvfb-run', ['-a', bin('playwright'), ...args], { PW_REPORTER: 'json', PW_JSON_OUTPUT: out })
    : run(bin('playwright'), args, { PW_REPORTER: 'json', PW_JSON_OUTPUT: out });
  const r = readJson(out) as PwJson | null;
  if (!r) return gate(`${name} (no report written)`, false);
  tally.passed += r.stats.expected + r.stats.flaky;
  tally.failed += r.stats.unexpected;
  tally.skipped += r.stats.skipped;
  if (r.stats.unexpected > 0) failures.push(`${name}: ${r.stats.unexpected} failed`);
  if (!ok && r.stats.unexpected === 0) gate(`${name} (suite error)`, false);
}

gate('build (renderer and electron bundles)', run('npm', ['run', 'build', '--silent']));
for (const config of TSCONFIGS) gate(`typecheck ${config}`, typecheck(config));
gate('lint (zero warnings)', run(bin('eslint'), ['--max-warnings', '0', '.']));
gate('electronegativity (no HIGH finding outside build/electronegativity-allow.json)', run(process.execPath, [path.join(root, 'test', 'tools', 'electronegativity.ts')]));
vitest();
playwright('e2e', 'test/e2e/playwright.config.ts');
if (fs.existsSync(path.join(root, 'test/electron/playwright.config.ts'))) playwright('electron', 'test/electron/playwright.config.ts', { display: true });

if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed > 0 ? 1 : 0);
