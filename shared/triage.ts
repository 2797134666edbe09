// The triage queue: which failing sites to look at first, and why. Pure, so the ranking
// can be table-tested and explained to the people who rely on it.
import { isDown, VERDICT_RANK, type DatasetFreshness, type Reason, type Verdict } from './health/verdict.ts';
import type { FleetIncident, Incident, AnyIncident } from './incidents.ts';
import { DATASETS, type Dataset } from './protocol/v1.ts';
import { isAcademy, type Site } from './site.ts';

export type TriageSite = Pick<Site, 'id' | 'name' | 'urn' | 'typeGroup' | 'pupils'>;
export interface TriageStatus {
  verdict: Verdict;
  reasons: readonly Reason[];
  datasets: readonly DatasetFreshness[];
  lastOkAt: number | null;
  changedAt: number | null;
}

export interface TriageItem {
  siteId: number;
  name: string;
  urn: number;
  typeGroup: string | null;
  academy: boolean;
  pupils: number | null;
  verdict: Verdict;
  /** The reason to read first: the first 'bad' one, else the first 'warn'. */
  primaryReason: Reason | null;
  /** Datasets that stopped or are late, in the protocol's order. */
  datasets: Dataset[];
  /**
   * When data last arrived for the affected datasets (the oldest of them), else when the site
   * last answered well. Null when nothing ever arrived: that sorts as the oldest of all.
   */
  since: number | null;
  /** The agent reported its datasets; false when it did not answer (so no dataset is known to be fine). */
  dataKnown: boolean;
  /** The open site incident, which is what acknowledge, assign and notes act on. */
  incident: Incident | null;
}

export interface TriageGroup {
  incident: FleetIncident;
  items: TriageItem[];
}

export interface TriageQueue {
  /** Correlated outages, newest first: one row each so 40 sites behind one fault read as one problem. */
  fleet: TriageGroup[];
  items: TriageItem[];
}

const LATE_STATES: ReadonlySet<DatasetFreshness['state']> = new Set(['overdue', 'stale', 'never', 'hung', 'failed']);

/** Down, lagging, or unknown with a warning (e.g. a host key waiting for approval). */
export function needsTriage(status: Pick<TriageStatus, 'verdict' | 'reasons'>): boolean {
  if (isDown(status.verdict) || status.verdict === 'lagging') return true;
  return status.verdict === 'unknown' && status.reasons.some((r) => r.severity !== 'info');
}

export function affectedDatasets(status: Pick<TriageStatus, 'reasons' | 'datasets'>): Dataset[] {
  const hit = new Set<Dataset>();
  for (const d of status.datasets) if (LATE_STATES.has(d.state)) hit.add(d.dataset);
  for (const r of status.reasons) if (r.dataset && r.severity !== 'info') hit.add(r.dataset);
  return DATASETS.filter((d) => hit.has(d));
}

export function primaryReason(reasons: readonly Reason[]): Reason | null {
  return reasons.find((r) => r.severity === 'bad') ?? reasons.find((r) => r.severity === 'warn') ?? null;
}

/** See TriageItem.since. */
export function stoppedSince(status: TriageStatus, affected: readonly Dataset[]): number | null {
  if (affected.length > 0) {
    let oldest = Number.POSITIVE_INFINITY;
    for (const d of status.datasets) {
      if (!affected.includes(d.dataset)) continue;
      if (d.lastSuccess === null) return null;
      oldest = Math.min(oldest, Date.parse(d.lastSuccess));
    }
    if (oldest !== Number.POSITIVE_INFINITY) return oldest;
  }
  return status.lastOkAt ?? status.changedAt;
}

export function triageItem(site: TriageSite, status: TriageStatus, incident: Incident | null): TriageItem {
  const datasets = affectedDatasets(status);
  return {
    siteId: site.id,
    name: site.name,
    urn: site.urn,
    typeGroup: site.typeGroup,
    academy: isAcademy(site.typeGroup),
    pupils: site.pupils,
    verdict: status.verdict,
    primaryReason: primaryReason(status.reasons),
    datasets,
    since: stoppedSince(status, datasets),
    dataKnown: status.datasets.length > 0,
    incident,
  };
}

const sinceKey = (since: number | null): number => since ?? Number.NEGATIVE_INFINITY;

/**
 * Impact order, as the service agreed it: academies first (the census backs up nothing for
 * them), then more pupils on roll, then the longest without data, then more datasets affected.
 * Severity and name only break ties, so the order is stable between refreshes.
 */
export function compareTriage(a: TriageItem, b: TriageItem): number {
  return (
    Number(b.academy) - Number(a.academy) ||
    (b.pupils ?? 0) - (a.pupils ?? 0) ||
    sinceKey(a.since) - sinceKey(b.since) ||
    b.datasets.length - a.datasets.length ||
    VERDICT_RANK[b.verdict] - VERDICT_RANK[a.verdict] ||
    a.name.localeCompare(b.name) ||
    a.siteId - b.siteId
  );
}

export interface TriageInput {
  sites: Iterable<TriageSite>;
  statusOf: (siteId: number) => TriageStatus | undefined;
  incidents: readonly AnyIncident[];
}

export function buildTriageQueue({ sites, statusOf, incidents }: TriageInput): TriageQueue {
  const openBySite = new Map<number, Incident>();
  const fleetById = new Map<number, TriageGroup>();
  for (const inc of incidents) {
    if (inc.state !== 'open') continue;
    if (inc.kind === 'fleet') fleetById.set(inc.id, { incident: inc, items: [] });
    else if ((openBySite.get(inc.siteId)?.id ?? 0) < inc.id) openBySite.set(inc.siteId, inc);
  }
  const items: TriageItem[] = [];
  for (const site of sites) {
    const status = statusOf(site.id);
    if (!status || !needsTriage(status)) continue;
    const incident = openBySite.get(site.id) ?? null;
    const item = triageItem(site, status, incident);
    const parentId = incident?.parentId ?? null;
    const group = parentId === null ? undefined : fleetById.get(parentId);
    if (group) group.items.push(item);
    else items.push(item);
  }
  items.sort(compareTriage);
  const fleet = [...fleetById.values()];
  for (const g of fleet) g.items.sort(compareTriage);
  fleet.sort((a, b) => Date.parse(b.incident.openedAt) - Date.parse(a.incident.openedAt) || b.incident.id - a.incident.id);
  return { fleet, items };
}
