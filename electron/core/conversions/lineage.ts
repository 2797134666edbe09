// One school under two URNs has one history: the predecessor's until polling moved, the
// successor's after. Reports and the timeline read both and count them once. The join is
// exact without clipping: the predecessor is archived (never polled again) at the instant
// the successor gets its host, and a successor that already had a host is never offered.
import type { SiteTimeline } from '../../../shared/fleet.ts';
import type { SiteLinkRow, Store } from '../store/store.ts';
import type { SeriesPoint, SeriesQuery, UptimeQuery, UptimeReport } from '../store/history-types.ts';

type Link = Pick<SiteLinkRow, 'predecessorId' | 'successorId' | 'confirmedAt'>;

/** Each predecessor → the site that reports for it now (the end of its chain of conversions). */
export function reportingSites(links: readonly Link[]): Map<number, number> {
  const next = new Map(links.map((l) => [l.predecessorId, l.successorId]));
  const out = new Map<number, number>();
  for (const start of next.keys()) {
    let at = start;
    const seen = new Set([at]);
    for (let n = next.get(at); n !== undefined && !seen.has(n); n = next.get(at)) {
      seen.add(n);
      at = n;
    }
    out.set(start, at);
  }
  return out;
}

/** A site's predecessors, nearest first, each with the instant its history hands over. */
export function ancestorsOf(siteId: number, links: readonly Link[]): Link[] {
  const out: Link[] = [];
  const seen = new Set([siteId]);
  for (let i = -1; i < out.length; i++) {
    const of = i < 0 ? siteId : (out[i] as Link).predecessorId;
    for (const l of links) if (l.successorId === of && !seen.has(l.predecessorId)) {
      seen.add(l.predecessorId);
      out.push(l);
    }
  }
  return out;
}

/** The older site's timeline up to `splitAt`, the newer one's from it. */
export function joinTimelines(older: SiteTimeline, newer: SiteTimeline, splitAt: number): SiteTimeline {
  const spans = [
    ...older.spans.filter((s) => s.from < splitAt).map((s) => ({ ...s, to: Math.min(s.to, splitAt) })),
    ...newer.spans.filter((s) => s.to > splitAt).map((s) => ({ ...s, from: Math.max(s.from, splitAt) })),
  ];
  const seconds = new Map<string, number>();
  for (const s of [...older.seconds, ...newer.seconds]) seconds.set(s.verdict, (seconds.get(s.verdict) ?? 0) + s.seconds);
  const observedFrom = Math.min(older.observed?.from ?? Infinity, newer.observed?.from ?? Infinity);
  const observedTo = Math.max(older.observed?.to ?? -Infinity, newer.observed?.to ?? -Infinity);
  return {
    resolution: newer.resolution,
    spans,
    observed: Number.isFinite(observedFrom) ? { from: observedFrom, to: observedTo } : null,
    seconds: [...newer.seconds, ...older.seconds].filter((s, i, all) => all.findIndex((x) => x.verdict === s.verdict) === i).map((s) => ({ verdict: s.verdict, seconds: seconds.get(s.verdict) ?? 0 })),
  };
}

/** History reads that follow conversions. */
export class LineageHistory {
  readonly #history: Store['history'];
  readonly #links: () => Promise<SiteLinkRow[]>;

  constructor(history: Store['history'], links: () => Promise<SiteLinkRow[]>) {
    this.#history = history;
    this.#links = links;
  }

  /** Predecessors are counted under the site that carries on, once; asked for some sites, their predecessors come along. */
  async uptime(q: UptimeQuery): Promise<UptimeReport> {
    const links = await this.#links();
    if (!links.length) return this.#history.uptime(q);
    const target = reportingSites(links);
    if (!q.siteIds) return this.#history.uptime({ ...q, foldInto: target });
    const asked = new Set(q.siteIds);
    const fold = new Map([...target].filter(([pred, to]) => asked.has(to) && !asked.has(pred)));
    return this.#history.uptime({ ...q, siteIds: [...asked, ...fold.keys()], foldInto: fold });
  }

  async series(q: SeriesQuery): Promise<SeriesPoint[]> {
    const points = await this.#history.series(q);
    if (q.siteId === null) return points;
    for (const a of ancestorsOf(q.siteId, await this.#links())) {
      const older = await this.#history.series({ ...q, siteId: a.predecessorId });
      points.forEach((p, i) => {
        const o = older[i];
        if (!o) return;
        p.up += o.up;
        p.down += o.down;
        p.excluded += o.excluded;
        for (const k of Object.keys(p.returns) as (keyof typeof p.returns)[]) p.returns[k] += o.returns[k];
      });
    }
    return points;
  }

  async timeline(siteId: number, from: number, to: number): Promise<SiteTimeline> {
    return this.#join(siteId, from, to, await this.#links(), new Set());
  }

  async #join(siteId: number, from: number, to: number, links: readonly Link[], seen: Set<number>): Promise<SiteTimeline> {
    seen.add(siteId);
    let out = await this.#history.timeline(siteId, from, to);
    // The nearest predecessor first; its own predecessors come through the recursion.
    for (const l of links.filter((x) => x.successorId === siteId && !seen.has(x.predecessorId)).sort((a, b) => b.confirmedAt - a.confirmedAt)) {
      if (l.confirmedAt <= from) continue;
      out = joinTimelines(await this.#join(l.predecessorId, from, to, links, seen), out, l.confirmedAt);
    }
    return out;
  }
}
