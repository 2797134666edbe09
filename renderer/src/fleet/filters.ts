// Filters shared by the grid and the table, and kept while moving between them.
import { useSyncExternalStore } from 'react';
import { isDown, VERDICTS, type Verdict } from '../../../shared/health/verdict.ts';
import { needsTriage } from '../../../shared/triage.ts';
import type { Site } from '../../../shared/site.ts';
import type { SiteConfigState } from '../../../shared/fleet-config.ts';
import { CONFIG_STATES } from '../../../shared/fleet-config.ts';
import { configMatches, type ConfigFilter } from '../config/drift-model.ts';
import { matchesText, type FleetRow } from './fleet-row.ts';

/** 'not-set-up': register schools still waiting for their B2B host (never polled). */
export type VerdictFilter = '' | 'attention' | 'down' | 'not-set-up' | Verdict;
export interface FleetFilter {
  text: string;
  verdict: VerdictFilter;
  typeGroup: string;
  phase: string;
  trust: string;
  tag: string;
  /** The config state (drift and so on), from config.states. */
  config: ConfigFilter;
}
export type FacetKey = 'typeGroup' | 'phase' | 'trust' | 'tag';

export const EMPTY_FILTER: FleetFilter = { text: '', verdict: '', typeGroup: '', phase: '', trust: '', tag: '', config: '' };

export function isConfigFilter(v: string): v is ConfigFilter {
  return v === '' || v === 'needs-look' || (CONFIG_STATES as readonly string[]).includes(v);
}

export function isVerdictFilter(v: string): v is VerdictFilter {
  return v === '' || v === 'attention' || v === 'down' || v === 'not-set-up' || (VERDICTS as readonly string[]).includes(v);
}

function verdictMatches(row: FleetRow, f: VerdictFilter): boolean {
  if (f === '') return true;
  if (f === 'attention') return row.status !== null && needsTriage(row.status);
  if (f === 'down') return isDown(row.verdict);
  if (f === 'not-set-up') return row.site.host === null;
  return row.verdict === f;
}

export function isFiltered(f: FleetFilter): boolean {
  return f.text.trim() !== '' || f.verdict !== '' || f.typeGroup !== '' || f.phase !== '' || f.trust !== '' || f.tag !== '' || f.config !== '';
}

/** Keeps the input's order; one pass, no allocation per row. */
export function applyFilter(rows: readonly FleetRow[], f: FleetFilter, configStates: ReadonlyMap<number, SiteConfigState> = new Map()): readonly FleetRow[] {
  if (!isFiltered(f)) return rows;
  const needle = f.text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      matchesText(r, needle) &&
      verdictMatches(r, f.verdict) &&
      (f.typeGroup === '' || r.site.typeGroup === f.typeGroup) &&
      (f.phase === '' || r.site.phase === f.phase) &&
      (f.trust === '' || r.site.trust === f.trust) &&
      (f.tag === '' || r.site.tags.includes(f.tag)) &&
      (f.config === '' || configMatches(configStates.get(r.id)?.state, f.config)),
  );
}

/** The distinct values each facet can take, for the filter menus. */
export function facetOptions(sites: readonly Site[]): Record<FacetKey, string[]> {
  const sets: Record<FacetKey, Set<string>> = { typeGroup: new Set(), phase: new Set(), trust: new Set(), tag: new Set() };
  for (const site of sites) {
    if (site.typeGroup) sets.typeGroup.add(site.typeGroup);
    if (site.phase) sets.phase.add(site.phase);
    if (site.trust) sets.trust.add(site.trust);
    for (const t of site.tags) sets.tag.add(t);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { typeGroup: sorted(sets.typeGroup), phase: sorted(sets.phase), trust: sorted(sets.trust), tag: sorted(sets.tag) };
}

let current: FleetFilter = EMPTY_FILTER;
const listeners = new Set<() => void>();
const subscribe = (cb: () => void): (() => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

export function setFleetFilter(patch: Partial<FleetFilter>): void {
  current = { ...current, ...patch };
  for (const l of listeners) l();
}

export function useFleetFilter(): FleetFilter {
  return useSyncExternalStore(subscribe, () => current);
}
