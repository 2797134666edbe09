import type { Migration } from './index.ts';

// Host keys a school's known_hosts marked @revoked. Kept, so a console restarted after the check
// still refuses to approve them; only a key ever listed here is refused, never a whole host.
export const m014RevokedHostKeys: Migration = {
  version: 14,
  name: 'revoked-host-keys',
  sql: `
CREATE TABLE revoked_host_keys (
  fingerprint TEXT PRIMARY KEY CHECK (fingerprint LIKE 'SHA256:%'),
  source      TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
) STRICT;
`,
};
