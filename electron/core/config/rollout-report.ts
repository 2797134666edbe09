// A rollout's final report: one row per site with where it started, where it ended, how and
// when. CSV for a spreadsheet; the same rows are what the print view shows.
import { toCsv, type CsvCell } from '../../../shared/csv.ts';
import { REPORT_COLUMNS, ROLLOUT_SITE_LABELS, type Rollout } from '../../../shared/rollouts.ts';
import type { RolloutTarget } from '../store/store.ts';
import { waveName } from './rollout-decide.ts';

const iso = (t: number | null): string => (t === null ? '' : new Date(t).toISOString());

export function rolloutReport(r: Rollout, sites: readonly RolloutTarget[]): string {
  const head: CsvCell[][] = [
    ['Rollout', r.name],
    ['Template', `${r.template} v${r.templateVersion}`],
    ['Started by', r.actor],
    ['Started', iso(r.startedAt)],
    ['Finished', iso(r.finishedAt)],
    ['State', r.state],
    [],
  ];
  const rows: CsvCell[][] = sites.map((s) => [
    s.urn,
    s.siteName,
    waveName(s.wave),
    ROLLOUT_SITE_LABELS[s.state],
    s.fromHash,
    s.toHash,
    s.templateVersion,
    s.changes,
    iso(s.appliedAt),
    iso(s.verifiedAt),
    iso(s.rolledBackAt),
    s.verdictBefore,
    s.verdictAfter,
    s.errorCode,
    s.message,
  ]);
  const skipped: CsvCell[][] = r.skipped.length ? [[], ['Left out', 'School', 'Why'], ...r.skipped.map((s) => ['', s.siteName, s.why])] : [];
  return toCsv([...head, [...REPORT_COLUMNS], ...rows, ...skipped]);
}
