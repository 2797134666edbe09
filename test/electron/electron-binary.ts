// Where the Electron binary is, or why there is none. `require('electron')` itself starts a
// download when the binary is missing (npm ci with ELECTRON_SKIP_BINARY_DOWNLOAD=1), so we
// look first and require only when the file is there.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(pkgDir, 'package.json'))) return { found: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const expected = override ? path.join(override, relative ?? 'electron') : relative ? path.join(pkgDir, 'dist', relative) : null;
  if (!expected || !fs.existsSync(expected)) {
    return {
      found: false,
      reason: `no Electron binary (${expected ?? 'node_modules/electron/path.txt is missing'}): it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or could not be downloaded`,
    };
  }
  const binary = createRequire(import.meta.url)('electron') as unknown;
  if (typeof binary !== 'string' || !fs.existsSync(binary)) return { found: false, reason: `require('electron') gave ${String(binary)}, which does not exist` };
  return { found: true, path: binary };
}

/** Electron on Linux needs a display server; CI provides one with xvfb-run. */
export function missingDisplay(): string | null {
  if (process.platform !== 'linux' || process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']) return null;
  return 'no display server (DISPLAY is unset): run under xvfb-run';
}
