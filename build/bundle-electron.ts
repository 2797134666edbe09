// Bundles the Electron side into dist/electron: main.cjs (the shell), preload.cjs (tiny,
// sandboxed: it may require only `electron`) and core.cjs (the core, run in a utilityProcess).
// Run by `npm run build:electron`. `--watch` rebuilds on change; `--outdir DIR` writes elsewhere
// (the packaging test builds into a temporary copy).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTDIR = path.join(root, 'dist', 'electron');

/** Electron 45 runs Node 22 and a current Chromium. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

const common: esbuild.BuildOptions = {
  bundle: true,
  format: 'cjs',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  outExtension: { '.js': '.cjs' },
};

export const bundles: Record<'main' | 'preload' | 'core', esbuild.BuildOptions> = {
  main: {
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    platform: 'node',
    target: NODE_TARGET,
    external: ['electron'],
    // ws (the team server link) tries these optional native add-ons and falls back to JavaScript.
    alias: { bufferutil: './build/no-native-addon.ts', 'utf-8-validate': './build/no-native-addon.ts' },
  },
  preload: {
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    // A sandboxed preload is a browser script with a `require` that knows only `electron`.
    platform: 'browser',
    target: CHROME_TARGET,
    external: ['electron'],
  },
  core: {
    ...common,
    entryPoints: { core: 'electron/core/utility-host.ts' },
    // Modules that also run as ESM in browser mode read import.meta.url only when __dirname is absent.
    logOverride: { 'empty-import-meta': 'silent' },
    platform: 'node',
    target: NODE_TARGET,
    // Native or optional-native packages load from node_modules at run time.
    // pg-native is pg's optional native client, required only if pg.native is used (it is not).
    external: ['electron', 'better-sqlite3', 'ssh2', 'cpu-features', 'pg-native'],
  },
};

/** The preload must stay small: it loads into every page before anything else. */
export const PRELOAD_MAX_BYTES = 16 * 1024;

export interface BundleOptions {
  outdir?: string;
  watch?: boolean;
  /** Where the summary goes; the CLI prints it, tests pass a no-op. */
  print?: (line: string) => void;
}

export async function bundleElectron({ outdir = DEFAULT_OUTDIR, watch = false, print = (l) => process.stdout.write(`${l}\n`) }: BundleOptions = {}): Promise<void> {
  const entries = Object.entries(bundles).map(([, options]) => ({ ...options, outdir, metafile: true }));
  if (watch) {
    const contexts = await Promise.all(entries.map((o) => esbuild.context(o)));
    await Promise.all(contexts.map((c) => c.watch()));
    print('watching electron/ for changes…');
    return;
  }
  const results = await Promise.all(entries.map((o) => esbuild.build(o)));
  // The demo fleet's schools: a GIAS extract the core reads at run time (see electron/core/demo).
  fs.mkdirSync(path.join(outdir, 'demo'), { recursive: true });
  fs.copyFileSync(path.join(root, 'sim', 'data', 'gias-brackenfield.csv'), path.join(outdir, 'demo', 'gias-brackenfield.csv'));
  for (const result of results) {
    for (const [file, { bytes }] of Object.entries(result.metafile?.outputs ?? {})) {
      if (file.endsWith('.map') || file.endsWith('.LEGAL.txt')) continue;
      if (file.endsWith('preload.cjs') && bytes > PRELOAD_MAX_BYTES) {
        throw new Error(`${file} is ${bytes} bytes; the preload must stay under ${PRELOAD_MAX_BYTES} (did it import a runtime module such as zod?)`);
      }
      print(`${file}  ${(bytes / 1024).toFixed(1)} KiB`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outdir');
  const outdir = at >= 0 ? args[at + 1] : undefined;
  bundleElectron({ watch: args.includes('--watch'), ...(outdir ? { outdir: path.resolve(outdir) } : {}) }).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
