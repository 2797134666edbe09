// One school as every fleet view sees it: the register entry joined with its live status,
// plus the few derived fields views sort and filter on, computed once per change.
import type { FleetSnapshot, SiteStatus } from '../../../shared/fleet.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import type { Site } from '../../../shared/site.ts';
import { primaryReason } from '../../../shared/triage.ts';

export interface FleetRow {
  readonly id: number;
  readonly site: Site;
  readonly status: SiteStatus | null;
  readonly verdict: Verdict;
  /** The reason to read first, or '' when all is well. */
  readonly reason: string;
  /** The newest successful transfer of any dataset. */
  readonly lastGoodAt: number | null;
  /** Lower-cased name, URN and LAESTAB: filtering then costs one includes() per row. */
  readonly search: string;
}

export type { FleetSnapshot };

function lastGood(status: SiteStatus | null): number | null {
  let best: number | null = null;
  for (const d of status?.datasets ?? []) {
    if (d.lastSuccess === null) continue;
    const t = Date.parse(d.lastSuccess);
    if (best === null || t > best) best = t;
  }
  return best;
}

export function makeRow(site: Site, status: SiteStatus | null): FleetRow {
  return {
    id: site.id,
    site,
    status,
    verdict: status?.verdict ?? 'unknown',
    reason: status ? (primaryReason(status.reasons)?.message ?? '') : '',
    lastGoodAt: lastGood(status),
    search: `${site.name} ${site.urn} ${site.laestab ?? ''}`.toLowerCase(),
  };
}

/** A search box's text, matched the way FleetRow.search is built. */
export function matchesText(row: FleetRow, needle: string): boolean {
  return needle === '' || row.search.includes(needle);
}
