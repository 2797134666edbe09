import type { PgMigration } from './index.ts';

// SQLite migration 018: which collector is sending a rollout's or a key rotation's step to a site.
export const pg005StepOwner: PgMigration = {
  version: 5,
  name: 'step-owner',
  sql: `
ALTER TABLE rollout_sites ADD COLUMN owner text;
ALTER TABLE key_rotation_sites ADD COLUMN owner text;
`,
};
