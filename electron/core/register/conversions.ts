// Which registered schools have become academies under a new URN: pure, from a GIAS extract,
// the links file when there is one, and the register. It offers pairs; a person confirms them.
// Nothing is guessed: two candidates for one school (or two schools for one academy) are shown
// as ambiguous, and a pair already carried over is not offered again.
import { giasDate, type ConversionPair } from '../../../shared/conversions.ts';
import { isOpenStatus, normalisePostcode, type GiasEstablishment } from '../../../shared/gias.ts';
import type { GiasLink } from './gias-links.ts';

/** A registered site as the conversion needs to see it: who it is and what would carry over. */
export interface RegisterEntry {
  siteId: number;
  urn: number;
  laestab: string | null;
  name: string;
  host: string | null;
  port: number;
  user: string | null;
  archived: boolean;
  area: string | null;
  tags: string[];
  notes: string;
  credential: string | null;
  hostKeyPinned: boolean;
  template: string | null;
  hasOverride: boolean;
}

export interface ConversionInput {
  /** The LA's establishments, every status (open and closed). */
  establishments: readonly GiasEstablishment[];
  /** The links file's succession rows, or null when none was given. */
  links: readonly GiasLink[] | null;
  register: readonly RegisterEntry[];
  /** Conversions already confirmed. */
  done: readonly { predecessorUrn: number; successorUrn: number }[];
}

/** How far after the old URN closed the new one may open and still be the same school. */
const MAX_DAYS_BETWEEN = 7;
const DAY_MS = 86_400_000;
const ACADEMY_CONVERTER = /academy\s*convert/i;

interface Claim {
  pred: number;
  succ: number;
  evidence: string;
  convertedOn: string | null;
}

/** Postcode and street, normalised, so "142 Birchwood Road, wm7 4sa" matches "142  Birchwood Road, WM74SA". */
export function addressKey(e: Pick<GiasEstablishment, 'postcode' | 'street'>): string | null {
  const postcode = e.postcode ? normalisePostcode(e.postcode) : null;
  const street = (e.street ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return postcode && street ? `${postcode}|${street}` : null;
}

function daysBetween(fromIso: string | null, toIso: string | null): number | null {
  if (!fromIso || !toIso) return null;
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

/** Pairs from the links file: a Successor row on the old URN, or a Predecessor row on the new one. */
function claimsFromLinks(links: readonly GiasLink[], extract: ReadonlyMap<number, GiasEstablishment>): Claim[] {
  return links.map((l) => {
    const successorRow = /^successor/i.test(l.linkType);
    const pred = successorRow ? l.urn : l.linkUrn;
    const succ = successorRow ? l.linkUrn : l.urn;
    return { pred, succ, evidence: `links file: ${l.linkType}`, convertedOn: l.established ?? extract.get(succ)?.openDate ?? null };
  });
}

/** Pairs from the extract alone: closed as "Academy converter", an academy opened at the same address in the same LA. */
function claimsFromEvidence(establishments: readonly GiasEstablishment[]): Claim[] {
  const openAt = new Map<string, GiasEstablishment[]>();
  for (const e of establishments) {
    const key = addressKey(e);
    if (key && isOpenStatus(e.status)) openAt.set(key, [...(openAt.get(key) ?? []), e]);
  }
  const claims: Claim[] = [];
  for (const closed of establishments) {
    if (isOpenStatus(closed.status) || !ACADEMY_CONVERTER.test(closed.reasonClosed ?? '')) continue;
    const key = addressKey(closed);
    for (const open of key ? (openAt.get(key) ?? []) : []) {
      if (open.urn === closed.urn || open.laCode !== closed.laCode) continue;
      const days = daysBetween(closed.closeDate, open.openDate);
      const rightAfter = days !== null && days >= 0 && days <= MAX_DAYS_BETWEEN;
      if (!ACADEMY_CONVERTER.test(open.reasonOpened ?? '') && !rightAfter) continue;
      const closedText = closed.closeDate ? `closed ${giasDate(closed.closeDate)}` : 'closed';
      const openedText = open.openDate ? `opened ${giasDate(open.openDate)}` : 'opened as an academy';
      claims.push({ pred: closed.urn, succ: open.urn, evidence: `same address, ${closedText} as Academy converter, ${openedText}`, convertedOn: open.openDate });
    }
  }
  return claims;
}

function carries(p: RegisterEntry): string[] {
  const out: string[] = [];
  if (p.host) out.push(`host ${p.host}:${p.port}`, `user ${p.user ?? ''}`);
  if (p.credential) out.push(`credential "${p.credential}"`);
  if (p.hostKeyPinned) out.push('pinned host key');
  if (p.template) out.push(`template "${p.template}"`);
  if (p.hasOverride) out.push('config override');
  if (p.tags.length) out.push(`tags: ${p.tags.join(', ')}`);
  if (p.area) out.push(`area ${p.area}`);
  if (p.notes.trim()) out.push('notes');
  out.push('history before the conversion');
  return out;
}

export function findConversions(input: ConversionInput): ConversionPair[] {
  const extract = new Map(input.establishments.map((e) => [e.urn, e]));
  const registered = new Map(input.register.map((r) => [r.urn, r]));
  const donePred = new Set(input.done.map((d) => d.predecessorUrn));
  const doneSucc = new Map(input.done.map((d) => [d.successorUrn, d.predecessorUrn]));

  // Only pairs that could carry something: the old URN registered and still in the fleet, the new one open in the extract.
  const raw = input.links ? claimsFromLinks(input.links, extract) : claimsFromEvidence(input.establishments);
  const claims = new Map<string, Claim>();
  for (const c of raw) {
    const pred = registered.get(c.pred);
    const succ = extract.get(c.succ);
    if (!pred || pred.archived || donePred.has(c.pred) || !succ || !isOpenStatus(succ.status)) continue;
    if (!claims.has(`${c.pred}>${c.succ}`)) claims.set(`${c.pred}>${c.succ}`, c);
  }
  const byPred = new Map<number, Claim[]>();
  const bySucc = new Map<number, Claim[]>();
  for (const c of claims.values()) {
    byPred.set(c.pred, [...(byPred.get(c.pred) ?? []), c]);
    bySucc.set(c.succ, [...(bySucc.get(c.succ) ?? []), c]);
  }

  const pairs: ConversionPair[] = [];
  for (const [predUrn, list] of byPred) {
    const pred = registered.get(predUrn) as RegisterEntry;
    const sorted = [...list].sort((a, b) => a.succ - b.succ);
    const first = sorted[0] as Claim;
    const succ = extract.get(first.succ) as GiasEstablishment;
    const succSite = registered.get(first.succ) ?? null;
    const rivals = (bySucc.get(first.succ) ?? []).filter((c) => c.pred !== predUrn);
    const name = (urn: number) => extract.get(urn)?.name ?? registered.get(urn)?.name ?? String(urn);
    const candidates = [...sorted.slice(1).map((c) => ({ urn: c.succ, name: name(c.succ) })), ...rivals.map((c) => ({ urn: c.pred, name: name(c.pred) }))];

    let status: ConversionPair['status'] = 'ready';
    let note: string | null = null;
    if (sorted.length > 1) {
      status = 'ambiguous';
      note = `${sorted.length} academies could be URN ${predUrn}'s successor: choose by hand`;
    } else if (rivals.length) {
      status = 'ambiguous';
      note = `${rivals.length + 1} registered schools point to URN ${first.succ}: choose by hand`;
    } else if (doneSucc.has(first.succ)) {
      status = 'blocked';
      note = `URN ${first.succ} has already taken over from URN ${doneSucc.get(first.succ) ?? ''}`;
    } else if (succSite?.archived) {
      status = 'blocked';
      note = `URN ${first.succ} is a removed site: restore or check it first`;
    } else if (succSite?.host) {
      status = 'blocked';
      note = `URN ${first.succ} is already registered with its own host ${succSite.host}: check which server is right`;
    }
    pairs.push({
      status,
      predecessor: { siteId: pred.siteId, urn: pred.urn, name: pred.name, host: pred.host, port: pred.port, user: pred.user },
      successor: { urn: succ.urn, name: succ.name, siteId: succSite?.siteId ?? null },
      candidates,
      evidence: first.evidence,
      convertedOn: first.convertedOn,
      carries: carries(pred),
      note,
    });
  }
  return pairs.sort((a, b) => a.predecessor.name.localeCompare(b.predecessor.name) || a.predecessor.urn - b.predecessor.urn);
}
