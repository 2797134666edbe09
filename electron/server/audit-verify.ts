// Verifies the audit trail's hash chain in a console's data folder, without starting the
// console: `npm run audit:verify -- --data DIR [--checkpoint COUNT:HASH]`. Exits 0 when the
// chain holds (and the checkpoint, if given), 1 when it does not, naming the first bad
// entry, 2 on bad arguments or an unreadable database.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { CheckpointSchema, type Checkpoint } from '../../shared/audit.ts';
import { DATABASE_FILE } from '../core/core.ts';
import { verifyChain } from '../core/store/audit-chain.ts';
import type { AuditRow } from '../core/store/sqlite/audit-repo.ts';
import { defaultDataDir } from './serve.ts';
import { runAsMain } from './entry.ts';

export function verifyDataDir(dataDir: string, checkpoint: Checkpoint | null): { code: 0 | 1 | 2; lines: string[] } {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) return { code: 2, lines: [`No console database at ${file}`] };
  // Read-only: verifying must never change what it verifies.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const v = verifyChain(db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').iterate(), checkpoint);
    const lines = [`${v.count} audit entries, head ${v.headHash ?? '(none)'}`];
    if (v.firstBad) lines.push(`FIRST BAD ENTRY: #${v.firstBad.id} (position ${v.firstBad.position}): ${v.firstBad.problem}`);
    if (v.checkpoint) lines.push(v.checkpoint.holds ? `checkpoint ${v.checkpoint.count}:${v.checkpoint.hash} holds` : `CHECKPOINT ${v.checkpoint.count}:${v.checkpoint.hash} DOES NOT HOLD: the log up to it was rewritten`);
    lines.push(v.ok ? 'The audit trail is intact.' : 'The audit trail has been tampered with.');
    return { code: v.ok ? 0 : 1, lines };
  } catch (err) {
    return { code: 2, lines: [`Could not read the audit trail: ${err instanceof Error ? err.message : String(err)}`] };
  } finally {
    db.close();
  }
}

function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, checkpoint: { type: 'string' } } });
  let checkpoint: Checkpoint | null = null;
  if (values.checkpoint) {
    const [count, hash] = values.checkpoint.split(':');
    const parsed = CheckpointSchema.safeParse({ count: Number(count), hash });
    if (!parsed.success) {
      console.error('--checkpoint is COUNT:HASH, as printed at the end of an export (e.g. 1200:3f2a…, 64 hex digits)');
      process.exit(2);
    }
    checkpoint = parsed.data;
  }
  const { code, lines } = verifyDataDir(values.data ?? process.env.B2B_DATA_DIR ?? defaultDataDir(), checkpoint);
  for (const l of lines) (code === 0 ? console.log : console.error)(l);
  process.exit(code);
  return Promise.resolve();
}

runAsMain(import.meta.url, main);
