import type { Migration } from './index.ts';

// When each site was first polled: the start of its observed time. Before it the site was
// not yet monitored, which is no data rather than downtime. Existing sites take their oldest
// sample, else the start of their oldest rollup (rollups hold nothing from before the first poll).
export const m006FirstPoll: Migration = {
  version: 6,
  name: 'first-poll',
  sql: `
ALTER TABLE site_latest ADD COLUMN first_ts INTEGER;
UPDATE site_latest SET first_ts = min(ts, coalesce(
  (SELECT min(s.ts) FROM history_samples s WHERE s.site_id = site_latest.site_id),
  (SELECT min(h.hour) * 1000 FROM history_hourly h WHERE h.site_id = site_latest.site_id),
  (SELECT min(d.day) * 1000 FROM history_daily d WHERE d.site_id = site_latest.site_id),
  ts));
`,
};
