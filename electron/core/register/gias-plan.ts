// Pure: GIAS establishments compared with the register → what an import would do. The same
// function makes the preview and, inside the apply's transaction, the re-check, so an apply
// writes exactly what the person saw or nothing at all.
import { isOpenStatus, type GiasEstablishment } from '../../../shared/gias.ts';
import { GIAS_FIELDS, postcodeParts, type FieldChange, type GiasField } from '../../../shared/register.ts';
import type { LocationSource, Site } from '../../../shared/site.ts';

/** What a new register site gets from GIAS; host and user stay empty until someone sets it up. */
export interface GiasNewSite {
  urn: number;
  laestab: string | null;
  name: string;
  type: string | null;
  typeGroup: string | null;
  phase: string | null;
  pupils: number | null;
  trust: string | null;
  postcode: string | null;
  street: string | null;
  town: string | null;
  giasStatus: string;
  latitude: number | null;
  longitude: number | null;
  locationSource: LocationSource | null;
  /** Seeded once, from the postcode district (e.g. "WM4"); a person's to change after. */
  area: string | null;
}

export interface GiasSiteChange {
  siteId: number;
  urn: number;
  name: string;
  changes: FieldChange[];
  /** Set when GIAS gives a position the site did not take from anywhere else. */
  locationSource: LocationSource | null;
}

export interface GiasPlan {
  create: GiasNewSite[];
  change: GiasSiteChange[];
  unchanged: number;
  removed: { urn: number; name: string; reason: string }[];
  notOnMap: { urn: number; name: string; postcode: string | null }[];
  closedInGias: { siteId: number; urn: number; name: string; status: string; reasonClosed: string | null }[];
  notInExtract: { siteId: number; urn: number; name: string }[];
}

export interface GiasPlanInput {
  /** The kept rows (open ones, or every status when closed ones were asked for). */
  establishments: readonly GiasEstablishment[];
  /** The LA's establishments that are not open. */
  notOpen: readonly GiasEstablishment[];
  /** Every site, archived ones too: a URN stays with its site for good. */
  register: readonly Site[];
  /** The LA read, so "not in this extract" only names that LA's schools. */
  laCode: string | null;
}

type Value = string | number | null;

function giasValue(e: GiasEstablishment, f: GiasField): Value {
  return f === 'giasStatus' ? e.status : e[f];
}

/** A position GIAS may move: one it gave, or none yet. A person's or a postcode estimate stays. */
export function giasOwnsPosition(source: LocationSource | null): boolean {
  return source === null || source === 'gias';
}

function changesFor(site: Site, e: GiasEstablishment): GiasSiteChange {
  const changes: FieldChange[] = [];
  const takesPosition = giasOwnsPosition(site.locationSource) && e.latitude !== null && e.longitude !== null;
  for (const f of GIAS_FIELDS) {
    // A missing position in this extract never erases one the register already has.
    if ((f === 'latitude' || f === 'longitude') && !takesPosition) continue;
    const after = giasValue(e, f);
    const before: Value = site[f];
    if (before !== after) changes.push({ field: f, before, after });
  }
  const locationSource = takesPosition ? 'gias' : site.locationSource;
  return { siteId: site.id, urn: site.urn, name: site.name, changes, locationSource };
}

/** A new register site from its GIAS row: it waits for its host (GIAS import and academy conversions alike). */
export function siteFromGias(e: GiasEstablishment): GiasNewSite {
  const placed = e.latitude !== null && e.longitude !== null;
  return {
    urn: e.urn,
    laestab: e.laestab,
    name: e.name,
    type: e.type,
    typeGroup: e.typeGroup,
    phase: e.phase,
    pupils: e.pupils,
    trust: e.trust,
    postcode: e.postcode,
    street: e.street,
    town: e.town,
    giasStatus: e.status,
    latitude: placed ? e.latitude : null,
    longitude: placed ? e.longitude : null,
    locationSource: placed ? 'gias' : null,
    area: postcodeParts(e.postcode)?.district ?? null,
  };
}

export function planGiasImport(input: GiasPlanInput): GiasPlan {
  const byUrn = new Map(input.register.map((s) => [s.urn, s]));
  const plan: GiasPlan = { create: [], change: [], unchanged: 0, removed: [], notOnMap: [], closedInGias: [], notInExtract: [] };
  const inExtract = new Set<number>();
  for (const e of input.establishments) {
    inExtract.add(e.urn);
    const site = byUrn.get(e.urn);
    if (!site) {
      const created = siteFromGias(e);
      plan.create.push(created);
      if (created.latitude === null) plan.notOnMap.push({ urn: e.urn, name: e.name, postcode: e.postcode });
      continue;
    }
    if (site.demo) {
      plan.removed.push({ urn: e.urn, name: e.name, reason: 'its URN belongs to a demo school: stop the demo first' });
      continue;
    }
    if (site.archivedAt !== null) {
      plan.removed.push({ urn: e.urn, name: e.name, reason: `${site.name} was removed from the fleet: restore it from Removed sites to update it` });
      continue;
    }
    const change = changesFor(site, e);
    if (change.changes.length) plan.change.push(change);
    else plan.unchanged++;
    const latitude = change.changes.find((c) => c.field === 'latitude')?.after ?? site.latitude;
    if (latitude === null) plan.notOnMap.push({ urn: e.urn, name: e.name, postcode: e.postcode });
  }
  for (const e of input.notOpen) {
    inExtract.add(e.urn);
    const site = byUrn.get(e.urn);
    if (site && !site.demo && site.archivedAt === null && !isOpenStatus(e.status)) {
      plan.closedInGias.push({ siteId: site.id, urn: site.urn, name: site.name, status: e.status, reasonClosed: e.reasonClosed });
    }
  }
  for (const site of input.register) {
    if (site.demo || site.archivedAt !== null || inExtract.has(site.urn)) continue;
    const ofThisLa = input.laCode === null || site.laestab === null || site.laestab.startsWith(input.laCode);
    if (ofThisLa) plan.notInExtract.push({ siteId: site.id, urn: site.urn, name: site.name });
  }
  return plan;
}

/** The LA most of the register's schools are in (by LAESTAB), if any. */
export function registerLa(register: readonly Site[], las?: readonly { code: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const s of register) {
    if (s.demo || s.archivedAt !== null || !s.laestab) continue;
    const la = s.laestab.slice(0, 3);
    counts.set(la, (counts.get(la) ?? 0) + 1);
  }
  const inFile = las ? new Set(las.map((l) => l.code)) : null;
  const best = [...counts].filter(([la]) => inFile?.has(la) ?? true).sort((a, b) => b[1] - a[1])[0];
  return best?.[0] ?? null;
}

/** What the apply's re-check compares: the plan's writes, nothing else. */
export function planSignature(plan: GiasPlan): string {
  return JSON.stringify({ create: plan.create, change: plan.change });
}
