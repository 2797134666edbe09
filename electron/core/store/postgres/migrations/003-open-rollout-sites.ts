import type { PgMigration } from './index.ts';

// SQLite migration 016: the rollouts' per-batch read of the sites they wait on stays small.
export const pg003OpenRolloutSites: PgMigration = {
  version: 3,
  name: 'open-rollout-sites',
  sql: `
CREATE INDEX rollout_sites_open ON rollout_sites (site_id) WHERE state IN ('applying', 'applied', 'offline', 'rolling-back');
`,
};
