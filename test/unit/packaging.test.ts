// Packaging smoke: builds the app into a temporary copy of the project, runs
// electron-builder's `dir` target against a stand-in Electron (no download), and reads the
// resulting app.asar. Slow (a few seconds to a minute): it runs the real build.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleElectron, bundles } from '../../build/bundle-electron.ts';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireHere = createRequire(import.meta.url);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

// @electron/fuses' marker and the fuse order in its V1 wire (RunAsNode is fuse 0, …).
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];

/**
 * What electron-builder needs in place of a downloaded Electron: an `electron` executable
 * (here a shell script carrying Electron's fuse wire, at Electron's defaults, so the fuses
 * flipped by our config can be read back) and a locales folder for `electronLanguages`.
 */
function writeStandInElectron(dir: string): void {
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  for (const locale of ['en-GB', 'en-US', 'fr', 'de']) fs.writeFileSync(path.join(dir, 'locales', `${locale}.pak`), '');
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSES.length]), Buffer.from('10110001')]);
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# '), wire, Buffer.from('\necho "stand-in Electron"\n')]), { mode: 0o755 });
}

function readFuses(binary: string): Record<string, boolean> {
  const bytes = fs.readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  return Object.fromEntries(FUSES.map((name, i) => [name, bytes[at + 2 + i] === 0x31]));
}

/** A project copy whose node_modules are hard links (a copy where linking is impossible). */
function linkTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [src, dst] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (entry.isDirectory()) linkTree(src, dst);
    else {
      try {
        fs.linkSync(src, dst);
      } catch {
        fs.copyFileSync(src, dst);
      }
    }
  }
}

/** Declared dependencies that only compile a package and are never required at run time. */
const BUILD_ONLY = new Set(['node-addon-api']); // C++ headers for better-sqlite3's binding.gyp

/** The packages a package needs at run time, found the way Node would from where it sits. */
function runtimeClosure(names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string) => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const pkgDir = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(pkgDir, 'package.json'))) {
        const rel = path.relative(root, pkgDir).split(path.sep).join('/');
        if (found.has(rel)) return;
        found.add(rel);
        const meta = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
        for (const dep of Object.keys(meta.dependencies ?? {})) if (!BUILD_ONLY.has(dep)) visit(dep, pkgDir);
        // Optional ones only if installed (cpu-features is; it speeds up ssh2).
        for (const dep of Object.keys(meta.optionalDependencies ?? {})) if (fs.existsSync(path.join(root, 'node_modules', dep))) visit(dep, pkgDir);
        return;
      }
      if (dir === root || dir === path.dirname(dir)) return;
    }
  };
  for (const name of names) visit(name, root);
  return found;
}

let tmp: string;
let asarFiles: Set<string>;
let resources: string;
let appOut: string;
let builtRenderer: boolean;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-packaging-'));
  const project = path.join(tmp, 'project');
  fs.mkdirSync(path.join(project, 'build'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(project, 'package.json'));
  for (const f of ['electron-builder.yml', 'icon.png']) fs.copyFileSync(path.join(root, 'build', f), path.join(project, 'build', f));
  // electron-builder walks node_modules with `npm ls`, which a symlinked folder confuses.
  linkTree(path.join(root, 'node_modules'), path.join(project, 'node_modules'));

  // `npm run build`, aimed at the copy so the repo's dist/ is left alone.
  await bundleElectron({ outdir: path.join(project, 'dist', 'electron'), print: () => undefined });
  const rendererOut = path.join(project, 'dist', 'renderer');
  builtRenderer = Boolean(pkg.scripts['build:renderer']) && fs.existsSync(path.join(root, 'renderer', 'vite.config.ts'));
  if (builtRenderer) {
    await run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--outDir', rendererOut, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root });
  } else {
    fs.mkdirSync(rendererOut, { recursive: true });
    fs.writeFileSync(path.join(rendererOut, 'index.html'), '<!doctype html><title>B2B Fleet Console</title>');
  }

  const electronDist = path.join(tmp, 'electron-dist');
  writeStandInElectron(electronDist);
  const out = path.join(tmp, 'out');
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, CSC_IDENTITY_AUTO_DISCOVERY: 'false' };
  await run(
    process.execPath,
    [
      path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--projectDir', project,
      '--config', path.join(project, 'build', 'electron-builder.yml'),
      '--linux', 'dir',
      '--publish', 'never',
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${out}`,
    ],
    { cwd: project, env, maxBuffer: 32 * 1024 * 1024 },
  );
  appOut = path.join(out, 'linux-unpacked');
  resources = path.join(appOut, 'resources');
  const asar = requireHere('@electron/asar') as typeof import('@electron/asar');
  asarFiles = new Set(asar.listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((f) => f.split(path.sep).join('/').replace(/^\/?/, '')));
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('packaged app (electron-builder dir target)', () => {
  it('holds the main, preload and core bundles and the renderer in app.asar', () => {
    for (const f of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/core.cjs', 'dist/renderer/index.html']) expect(asarFiles, f).toContain(f);
    if (builtRenderer) expect([...asarFiles].some((f) => /^dist\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
    expect(asarFiles).toContain(pkg.main);
  });

  it('leaves out source maps and the packages that are already bundled', () => {
    expect([...asarFiles].filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const bundled of ['react', 'react-dom', 'leaflet', 'recharts', 'zod', 'ws']) expect(asarFiles, bundled).not.toContain(`node_modules/${bundled}/package.json`);
  });

  it("ships every run-time dependency of the core's native packages", () => {
    const natives = (bundles.core.external ?? []).filter((id) => id !== 'electron' && fs.existsSync(path.join(root, 'node_modules', id)));
    const needed = runtimeClosure(natives);
    expect(needed.size).toBeGreaterThan(1);
    const missing = [...needed].filter((dir) => !asarFiles.has(`${dir}/package.json`));
    expect(missing, 'add these to `files` in build/electron-builder.yml').toEqual([]);
    const shipped = [...asarFiles].filter((f) => /^node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(f)).map((f) => f.replace(/\/package\.json$/, ''));
    expect(shipped.filter((dir) => !needed.has(dir)), 'shipped but not needed').toEqual([]);
  });

  it("unpacks better-sqlite3's native binding for the target only", () => {
    const prebuilds = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds');
    expect(fs.readdirSync(prebuilds)).toEqual([`linux-${process.arch}.node`]);
  });

  it('names the executable, keeps only our locales, and flips the hardening fuses', () => {
    const exe = path.join(appOut, 'b2b-fleet-console');
    expect(fs.existsSync(exe)).toBe(true);
    expect(fs.readdirSync(path.join(appOut, 'locales')).sort()).toEqual(['en-GB.pak', 'en-US.pak']);
    expect(readFuses(exe)).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
