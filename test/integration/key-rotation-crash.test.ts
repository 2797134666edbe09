// A console killed with SIGKILL in the middle of a key rotation, twice, and started again:
// it resumes from what each agent's `auth list` says. At every kill the simulator's truth is
// checked against the console's store: each school still lets in the key the console would
// log in with (the old key is never removed before the site is switched to a proven new one).
// At the end every school has the new key only and the console uses it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fingerprintOfLine } from '../../electron/core/keys/rotation-world.ts';
import { openDatabase } from '../../electron/core/store/sqlite/db.ts';
import { DATABASE_FILE } from '../../electron/core/core.ts';
import { startFleet, writeSitesFiles, type Fleet } from '../../sim/index.ts';
import { newEd25519KeyPair } from '../tools/sshd.ts';
import type { RotationChildArgs, RotationChildLine } from '../helpers/rotation-console.ts';

const CHILD = fileURLToPath(new URL('../helpers/rotation-console.ts', import.meta.url));
const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);

let fleet: Fleet;
let dir = '';
beforeAll(async () => {
  fleet = await startFleet({ sites: 5, seed: 'rotation-crash', faultRate: 0, transientFailureRate: 0, speed: 1, start: TUESDAY, controlPort: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-rotation-crash-'));
});
afterAll(async () => {
  await fleet.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the console until it ends, or kills it as soon as some site's part is in `killOn`. */
function runConsole(args: RotationChildArgs, killOn: string | null): Promise<{ killed: boolean; last: RotationChildLine | null }> {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let last: RotationChildLine | null = null;
  let killed = false;
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  createInterface({ input: child.stdout }).on('line', (text) => {
    last = JSON.parse(text) as RotationChildLine;
    if (!killed && killOn !== null && Object.values(last.states).includes(killOn)) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed, last });
      else reject(new Error(`console exited ${code ?? signal ?? ''}: ${stderr}`));
    });
  });
}

it('resumes a rotation after kill -9s, never leaving a school without the key the console uses', async () => {
  const newKey = newEd25519KeyPair();
  const files = await writeSitesFiles(fleet, path.join(dir, 'sim'));
  const newKeyFile = path.join(dir, 'new_ed25519');
  fs.writeFileSync(newKeyFile, newKey.private, { mode: 0o600 });
  const args: RotationChildArgs = { dataDir: path.join(dir, 'console'), sitesFile: files.sitesFile, newKeyFile, offsetMs: fleet.clock.now() - Date.now() };
  const oldFp = fleet.clientKey.fingerprint;
  const newFp = fingerprintOfLine(newKey.public);

  /** With the console dead: the key each site's polls would use is one the school lets in. */
  const checkConsistent = (): Record<string, string[]> => {
    const db = openDatabase(path.join(args.dataDir, DATABASE_FILE));
    try {
      const rows = db.prepare('SELECT s.urn, p.credential_id AS cred, c.name FROM sites s LEFT JOIN site_poll p ON p.site_id = s.id LEFT JOIN credentials c ON c.id = p.credential_id').all() as { urn: number; cred: number | null; name: string | null }[];
      const keys: Record<string, string[]> = {};
      for (const r of rows) {
        const truth = fleet.control.truthOf(r.urn).authorizedKeys;
        const uses = r.name === 'console-2027' ? newFp : oldFp;
        expect(truth, `school ${r.urn} lets in the key the console uses`).toContain(uses);
        keys[String(r.urn)] = truth;
      }
      return keys;
    } finally {
      db.close();
    }
  };

  const first = await runConsole(args, 'proving');
  expect(first.killed).toBe(true);
  checkConsistent();
  const second = await runConsole(args, 'removing');
  expect(second.killed).toBe(true);
  const midway = checkConsistent();
  // Killed mid-rotation: some school still has the old key.
  expect(Object.values(midway).some((k) => k.includes(oldFp))).toBe(true);

  const last = await runConsole(args, null);
  expect(last.killed).toBe(false);
  expect(last.last).toMatchObject({ type: 'final', rotation: 'completed' });
  expect(new Set(Object.values(last.last?.states ?? {}))).toEqual(new Set(['done']));
  for (const keys of Object.values(checkConsistent())) expect(keys).toEqual([newFp]);
}, 120_000);
