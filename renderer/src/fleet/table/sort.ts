// Table sorting: one comparator per column, a collator for text (much faster than
// localeCompare per call), and the name order the store already keeps reused as is.
import { VERDICT_RANK } from '../../../../shared/health/verdict.ts';
import type { ConfigState, SiteConfigState } from '../../../../shared/fleet-config.ts';
import { CONFIG_STATE_STYLE } from '../../config/drift-model.ts';
import type { FleetRow } from '../fleet-row.ts';

export const SORT_KEYS = ['name', 'urn', 'verdict', 'reason', 'polledAt', 'lastGoodAt', 'typeGroup', 'phase', 'trust', 'area', 'pupils', 'tags', 'config'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const text = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : collator.compare(a, b));
const num = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);

const COMPARE: Record<Exclude<SortKey, 'config'>, (a: FleetRow, b: FleetRow) => number> = {
  name: (a, b) => collator.compare(a.site.name, b.site.name),
  urn: (a, b) => a.site.urn - b.site.urn,
  verdict: (a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict],
  reason: (a, b) => text(a.reason || null, b.reason || null),
  polledAt: (a, b) => num(a.status?.polledAt ?? null, b.status?.polledAt ?? null),
  lastGoodAt: (a, b) => num(a.lastGoodAt, b.lastGoodAt),
  typeGroup: (a, b) => text(a.site.typeGroup, b.site.typeGroup),
  phase: (a, b) => text(a.site.phase, b.site.phase),
  trust: (a, b) => text(a.site.trust, b.site.trust),
  area: (a, b) => text(a.site.area, b.site.area),
  pupils: (a, b) => num(a.site.pupils, b.site.pupils),
  tags: (a, b) => text(a.site.tags.join(', ') || null, b.site.tags.join(', ') || null),
};

const configRank = (s: ConfigState | undefined): number => (s === undefined ? -1 : CONFIG_STATE_STYLE[s].rank);

/** Rows arrive sorted by name; ties in any column keep that order. */
export function sortRows(rows: readonly FleetRow[], sort: Sort, configStates: ReadonlyMap<number, SiteConfigState> = new Map()): readonly FleetRow[] {
  if (sort.key === 'name' && sort.dir === 'asc') return rows;
  if (sort.key === 'name') return [...rows].reverse();
  const cmp = sort.key === 'config' ? (a: FleetRow, b: FleetRow) => configRank(configStates.get(a.id)?.state) - configRank(configStates.get(b.id)?.state) : COMPARE[sort.key];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => sign * cmp(a.row, b.row) || a.i - b.i)
    .map((x) => x.row);
}
