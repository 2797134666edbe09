// A second connection to a core's SQLite file, for tests that look under the store or
// break it on purpose (a trigger that fails a write). The core's own handle stays private.
import path from 'node:path';
import type { CoreContext } from '../../electron/core/context.ts';
import { DATABASE_FILE } from '../../electron/core/core.ts';
import { openDatabase, type Db } from '../../electron/core/store/sqlite/db.ts';

const open = new Map<string, Db>();

export function rawDb(ctx: CoreContext): Db {
  const file = path.join(ctx.options.dataDir, DATABASE_FILE);
  let db = open.get(file);
  if (!db?.open) {
    db = openDatabase(file);
    open.set(file, db);
  }
  return db;
}

process.on('exit', () => {
  for (const db of open.values()) if (db.open) db.close();
});
