// The benchmark measures the renderer as it is in this tree, built for production into a
// temp folder, so a stale dist/ (or a colleague's build in progress) never skews it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function buildRenderer(): Promise<{ dir: string; ms: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-ui-bench-renderer-'));
  const t0 = performance.now();
  try {
    await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'error', build: { outDir: dir, emptyOutDir: true, sourcemap: false } });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, ms: performance.now() - t0 };
}
