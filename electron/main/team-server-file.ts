// Where the desktop keeps its "Connect to a team server" choice: team-server.json in the
// app's data folder, written whole (temp file, then rename). The access token is encrypted
// by the OS keyring (safeStorage); with no keyring it is kept for this session only, never
// written in the clear. A file that cannot be read is set aside, not lost, and the console
// starts local.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTeamAddress, type TeamAddress } from '../../shared/team-server.ts';
import type { HostLogger } from './core-process.ts';
import { secretStatus, type SafeStorageLike } from './secrets.ts';

export const TEAM_SERVER_FILE = 'team-server.json';

const FileSchema = z.discriminatedUnion('mode', [
  z.object({ version: z.literal(1), mode: z.literal('local') }),
  z.object({ version: z.literal(1), mode: z.literal('team'), origin: z.string(), token: z.string().nullable() }),
]);

export type SavedTeamServer =
  | { mode: 'local' }
  | {
      mode: 'team';
      address: TeamAddress;
      /** Null when it was kept for a past session only, or cannot be decrypted: the person gives it again. */
      token: string | null;
      problem: string | null;
    };

export function loadTeamServer(dir: string, storage: SafeStorageLike, log: HostLogger): SavedTeamServer {
  const file = path.join(dir, TEAM_SERVER_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('could not read the team server setting; working locally', { err });
    return { mode: 'local' };
  }
  let parsed: z.infer<typeof FileSchema> | null = null;
  try {
    const r = FileSchema.safeParse(JSON.parse(text));
    if (r.success) parsed = r.data;
  } catch {
    // Not JSON: handled below with the schema failure.
  }
  const address = parsed?.mode === 'team' ? parseTeamAddress(parsed.origin) : null;
  if (!parsed || (address && !address.ok)) {
    const aside = `${file}.unreadable-${Date.now()}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      // Left where it is: the next save replaces it.
    }
    log.warn('the team server setting could not be read; set aside, working locally', { aside });
    return { mode: 'local' };
  }
  if (parsed.mode === 'local' || !address?.ok) return { mode: 'local' };
  if (parsed.token === null) return { mode: 'team', address: address.value, token: null, problem: 'The access token was kept for the last session only (no system keyring): give it again' };
  try {
    if (!secretStatus(storage).available) throw new Error('no system keyring');
    return { mode: 'team', address: address.value, token: storage.decryptString(Buffer.from(parsed.token, 'base64')), problem: null };
  } catch {
    // Never log the ciphertext or anything derived from it.
    return { mode: 'team', address: address.value, token: null, problem: 'The saved access token could not be decrypted: give it again' };
  }
}

/** Writes the choice; says where the token went (keyring, or this session only). */
export function saveTeamServer(dir: string, storage: SafeStorageLike, choice: { mode: 'local' } | { mode: 'team'; origin: string; token: string }): 'keyring' | 'session' | null {
  let body: z.infer<typeof FileSchema>;
  let kept: 'keyring' | 'session' | null = null;
  if (choice.mode === 'local') {
    body = { version: 1, mode: 'local' };
  } else {
    const keyring = secretStatus(storage).available;
    kept = keyring ? 'keyring' : 'session';
    body = { version: 1, mode: 'team', origin: choice.origin, token: keyring ? storage.encryptString(choice.token).toString('base64') : null };
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, TEAM_SERVER_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(body, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    // A full disk leaves the old file whole: drop the partial one and say so.
    fs.rmSync(temp, { force: true });
    throw err;
  }
  return kept;
}
