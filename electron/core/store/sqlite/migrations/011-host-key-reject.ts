import type { Migration } from './index.ts';

// A person may refuse a host key: the refused fingerprint is kept so the next poll does not
// offer it again as waiting (a different key still is), with who refused it and when.
export const m011HostKeyReject: Migration = {
  version: 11,
  name: 'host-key-reject',
  sql: `
ALTER TABLE site_poll ADD COLUMN hostkey_rejected TEXT;
ALTER TABLE site_poll ADD COLUMN hostkey_rejected_at INTEGER;
ALTER TABLE site_poll ADD COLUMN hostkey_rejected_by TEXT;
`,
};
