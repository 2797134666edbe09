import type { PgMigration } from './index.ts';

// Collectors sharing one fleet: each is a row kept alive by its heartbeat, and a site is
// polled by the one collector holding its lease. Times come from the database's clock.
export const pg002Collectors: PgMigration = {
  version: 2,
  name: 'collectors',
  sql: `
CREATE TABLE collectors (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  listen       text,
  started_at   bigint NOT NULL,
  heartbeat_at bigint NOT NULL
);

CREATE TABLE site_leases (
  site_id      bigint PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
  collector_id text NOT NULL REFERENCES collectors (id) ON DELETE CASCADE,
  expires_at   bigint NOT NULL
);
CREATE INDEX site_leases_collector ON site_leases (collector_id);
`,
};
