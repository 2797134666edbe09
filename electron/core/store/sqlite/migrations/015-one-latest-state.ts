import type { Migration } from './index.ts';

// A site's latest state was kept twice: site_state for the poller (damping, the last status
// document) and site_latest for history (the verdict span, last transfers), written in the same
// transaction from the same poll. One row now holds both, written once per poll.
export const m015OneLatestState: Migration = {
  version: 15,
  name: 'one-latest-state',
  sql: `
ALTER TABLE site_latest ADD COLUMN candidate TEXT;
ALTER TABLE site_latest ADD COLUMN candidate_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_latest ADD COLUMN datasets TEXT NOT NULL DEFAULT '[]';
ALTER TABLE site_latest ADD COLUMN last_ok_at INTEGER;
ALTER TABLE site_latest ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_latest ADD COLUMN status_json TEXT;
ALTER TABLE site_latest ADD COLUMN agent_version TEXT;

UPDATE site_latest SET
  candidate = s.candidate, candidate_n = s.candidate_n, datasets = s.datasets, last_ok_at = s.last_ok_at,
  failures = s.failures, status_json = s.status_json,
  agent_version = CASE WHEN json_valid(s.status_json) THEN json_extract(s.status_json, '$.agent.version') END
FROM site_state s WHERE s.site_id = site_latest.site_id;

-- A site polled before history was kept has poller state only.
INSERT INTO site_latest (site_id, ts, verdict, raw_verdict, since, latency_ms, reasons, first_ts,
  candidate, candidate_n, datasets, last_ok_at, failures, status_json, agent_version)
SELECT s.site_id, s.polled_at, s.effective, s.raw, s.changed_at, s.latency_ms, s.reasons, s.polled_at,
  s.candidate, s.candidate_n, s.datasets, s.last_ok_at, s.failures, s.status_json,
  CASE WHEN json_valid(s.status_json) THEN json_extract(s.status_json, '$.agent.version') END
FROM site_state s WHERE NOT EXISTS (SELECT 1 FROM site_latest l WHERE l.site_id = s.site_id);

DROP TABLE site_state;
CREATE INDEX site_latest_verdict ON site_latest (verdict);
`,
};
