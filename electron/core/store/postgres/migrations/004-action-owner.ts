import type { PgMigration } from './index.ts';

// SQLite migration 017: which collector runs an action, so a restart recovers only its own and dead collectors' work.
export const pg004ActionOwner: PgMigration = {
  version: 4,
  name: 'action-owner',
  sql: `
ALTER TABLE actions ADD COLUMN owner text;
`,
};
