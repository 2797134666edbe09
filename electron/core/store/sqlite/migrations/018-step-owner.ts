import type { Migration } from './index.ts';

// Which process is sending to a site for a rollout or a key rotation right now. Two collectors
// share one database: a site's step is claimed by naming its owner, and another process takes
// it over only once that owner is no longer alive (kill -9), so no command is sent twice.
export const m018StepOwner: Migration = {
  version: 18,
  name: 'step-owner',
  sql: `
ALTER TABLE rollout_sites ADD COLUMN owner TEXT;
ALTER TABLE key_rotation_sites ADD COLUMN owner TEXT;
`,
};
