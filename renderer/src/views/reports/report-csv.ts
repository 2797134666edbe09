// The two exports a manager takes to a board: the league of sites and the group splits.
// Figures are raw (seconds, counts) beside the readable ones, so a spreadsheet can total them
// and the totals match the console's store exactly.
import { toCsv, type CsvCell } from '../../../../shared/csv.ts';
import { DATASET_LABELS, DATASETS } from '../../../../shared/protocol/v1.ts';
import type { UptimeReportView } from '../../../../shared/reports.ts';
import { formatLaestab } from '../../../../shared/site.ts';
import { formatDuration } from '../../../../shared/uptime.ts';
import { groupName, totalReturns, type GroupRow, type LeagueRow } from './report-model.ts';

/** Uptime as a percentage number, floored like formatPercent so 99.999% never reads as 100. */
export function percentCell(ratio: number | null, digits = 3): number | null {
  if (ratio === null) return null;
  const scale = 10 ** digits;
  return Math.floor(ratio * 100 * scale + 1e-9) / scale;
}

const seconds = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : Math.round(ms / 1000));
const DATASET_HEADERS = DATASETS.map((d) => `${DATASET_LABELS[d]} returns`);
const TOTALS_HEADERS = ['Uptime %', 'Seconds up', 'Seconds down', 'Seconds excluded', 'Down time', 'Returns made', ...DATASET_HEADERS];

function totalsCells(t: { uptime: number | null; secondsUp: number; secondsDown: number; secondsExcluded: number; returns: Record<(typeof DATASETS)[number], number> }): CsvCell[] {
  return [percentCell(t.uptime), t.secondsUp, t.secondsDown, t.secondsExcluded, formatDuration(t.secondsDown), totalReturns(t.returns), ...DATASETS.map((d) => t.returns[d])];
}

export const LEAGUE_HEADERS = ['Site', 'URN', 'LAESTAB', 'Type group', 'Phase', 'Area', ...TOTALS_HEADERS, 'Incidents recovered', 'Mean time to recover (s)', 'Median time to recover (s)', 'Longest time to recover (s)'];

export function leagueCsv(rows: readonly LeagueRow[], fleet: UptimeReportView['fleet']): string {
  const body = rows.map((r): CsvCell[] => [r.name, r.urn, formatLaestab(r.laestab), r.typeGroup, r.phase, r.area, ...totalsCells(r), r.incidents, seconds(r.ttr?.meanMs), seconds(r.ttr?.medianMs), seconds(r.ttr?.maxMs)]);
  const total: CsvCell[] = ['All sites (fleet)', null, null, null, null, null, ...totalsCells(fleet), rows.reduce((n, r) => n + r.incidents, 0), null, null, null];
  return toCsv([LEAGUE_HEADERS, ...body, total]);
}

export const GROUP_HEADERS = ['Split', 'Group', 'Sites', ...TOTALS_HEADERS, 'Sites making returns', 'Incidents recovered', 'Mean time to recover (s)', 'Median time to recover (s)', 'Longest time to recover (s)'];

export function groupsCsv(splits: readonly { label: string; rows: readonly GroupRow[] }[], fleet: UptimeReportView['fleet']): string {
  const body: CsvCell[][] = [];
  for (const split of splits) {
    for (const g of split.rows) {
      body.push([split.label, groupName(g.group), g.sites, ...totalsCells(g), g.sitesReturning, g.ttr?.count ?? 0, seconds(g.ttr?.meanMs), seconds(g.ttr?.medianMs), seconds(g.ttr?.maxMs)]);
    }
  }
  const total: CsvCell[] = ['Fleet', 'All sites', fleet.sites, ...totalsCells(fleet), null, null, null, null, null];
  return toCsv([GROUP_HEADERS, ...body, total]);
}

/** "uptime-league_2026-11-16_to_2026-11-22.csv": the period travels with the file. */
export function csvFileName(kind: string, startDate: string, endDate: string): string {
  return `${kind}_${startDate}_to_${endDate}.csv`.replace(/[^\w.-]/g, '-');
}
