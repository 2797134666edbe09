// Builds the three Electron bundles into a temporary folder and checks what each may load
// at run time: the sandboxed preload only `electron`; the core never `electron`.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleElectron, bundles, PRELOAD_MAX_BYTES } from '../../../build/bundle-electron.ts';

let outdir: string;
const read = (name: string) => fs.readFileSync(path.join(outdir, name), 'utf8');
const requires = (code: string) => new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? ''));
const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-bundle-'));
  await bundleElectron({ outdir, print: () => undefined });
}, 60_000);
afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});

describe('electron bundles', () => {
  it('writes main, preload and core as CommonJS with source maps', () => {
    for (const name of ['main', 'preload', 'core']) {
      expect(read(`${name}.cjs`)).toMatch(/^"use strict";/);
      expect(fs.existsSync(path.join(outdir, `${name}.cjs.map`))).toBe(true);
    }
  });

  it('keeps the sandboxed preload tiny: it requires electron and nothing else, and carries no zod', () => {
    const code = read('preload.cjs');
    expect([...requires(code)]).toEqual(['electron']);
    expect(Buffer.byteLength(code)).toBeLessThan(PRELOAD_MAX_BYTES);
    expect(code).not.toMatch(/zod|ZodError/);
    expect(code).toContain('exposeInMainWorld');
  });

  it('lets main load only electron and Node built-ins', () => {
    const outside = [...requires(read('main.cjs'))].filter((id) => !isBuiltin(id));
    expect(outside).toEqual(['electron']);
  });

  it('keeps the core free of electron, loading only its native packages from node_modules', () => {
    const outside = [...requires(read('core.cjs'))].filter((id) => !isBuiltin(id)).sort();
    expect(outside).not.toContain('electron');
    for (const id of outside) expect(bundles.core.external, id).toContain(id);
    expect(outside).toContain('better-sqlite3');
  });
});
