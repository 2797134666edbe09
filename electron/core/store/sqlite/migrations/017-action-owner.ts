import type { Migration } from './index.ts';

// Which process runs an action: 'console' on its own, a collector's id when several share a
// fleet. A process that restarts declares unknown only what it (or a dead collector) was running,
// never what a live collector is running now.
export const m017ActionOwner: Migration = {
  version: 17,
  name: 'action-owner',
  sql: `
ALTER TABLE actions ADD COLUMN owner TEXT;
`,
};
