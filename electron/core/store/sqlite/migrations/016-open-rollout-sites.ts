import type { Migration } from './index.ts';

// After each batch of polls the rollouts ask which sites they are waiting to hear from; a
// partial index keeps that one read small however many finished rollouts the table holds.
export const m016OpenRolloutSites: Migration = {
  version: 16,
  name: 'open-rollout-sites',
  sql: `
CREATE INDEX rollout_sites_open ON rollout_sites (site_id) WHERE state IN ('applying', 'applied', 'offline', 'rolling-back');
`,
};
