// Academy conversions: reads the uploaded extract (and links file), offers the pairs, and on
// confirmation carries each school's server over to its new URN in one transaction, audited
// under the person who confirmed it.
import { ConversionConfirmSchema, ConversionFilesSchema, type ConversionPair, type ConversionPreview, type ConversionProblem, type SiteLineage } from '../../../shared/conversions.ts';
import { GiasFormatError, type GiasEstablishment } from '../../../shared/gias.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { z } from 'zod';
import type { CoreContext } from '../context.ts';
import type { RequestContext } from '../operator.ts';
import { findConversions, type RegisterEntry } from '../register/conversions.ts';
import { readGias } from '../register/gias-reader.ts';
import { readGiasLinks } from '../register/gias-links.ts';
import type { Store } from '../store/store.ts';
import { planCarryOver } from './conversion-plan.ts';

type Deps = Pick<CoreContext, 'store' | 'clock' | 'uploads' | 'incidents' | 'incidentHandling' | 'events'>;
type Files = z.output<typeof ConversionFilesSchema>;
type Confirm = z.output<typeof ConversionConfirmSchema>;

interface Read {
  preview: ConversionPreview;
  extract: Map<number, GiasEstablishment>;
  register: RegisterEntry[];
}

/** The register's LA: the commonest LA code among its LAESTABs, so a national extract is read for that LA only. */
function registerLa(laestabs: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const l of laestabs) if (l && l.length === 7) counts.set(l.slice(0, 3), (counts.get(l.slice(0, 3)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

async function orClearError<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof GiasFormatError) throw new AppFailure('validation', `${file}: ${err.message}`);
    throw err;
  }
}

export class ConversionService {
  readonly #d: Deps;
  readonly #repo: Store['siteLinks'];

  constructor(deps: Deps, repo: Store['siteLinks']) {
    this.#d = deps;
    this.#repo = repo;
  }

  async preview(files: Files): Promise<ConversionPreview> {
    return (await this.#read(files)).preview;
  }

  async confirm(req: Confirm, { actor }: RequestContext): Promise<{ confirmed: { predecessorUrn: number; successorUrn: number; successorId: number }[] }> {
    const { preview, extract, register } = await this.#read(req);
    const byPred = new Map(preview.pairs.map((p) => [p.predecessor.urn, p]));
    const entries = new Map(register.map((r) => [r.urn, r]));
    const at = this.#d.clock.now();
    const chosen = req.pairs.map(({ predecessorUrn, successorUrn }) => {
      const pair = byPred.get(predecessorUrn);
      if (!pair || pair.successor.urn !== successorUrn) throw new AppFailure('conflict', `URN ${predecessorUrn} → ${successorUrn} is not offered by these files (already carried over?)`);
      return { pair, plan: planCarryOver(pair, extract.get(successorUrn) as GiasEstablishment, entries.get(predecessorUrn) as RegisterEntry, { actor, at }) };
    });
    const { store, incidents, incidentHandling, events } = this.#d;
    // The incident tracker and handling use the store too: inside this transaction their calls join it.
    const confirmed = await store.withTransaction(async (tx) => {
      const done: { predecessorUrn: number; successorUrn: number; successorId: number }[] = [];
      for (const { pair, plan } of chosen) {
        const successorId = await tx.siteLinks.apply(plan);
        const closed = await incidents.closeForRemovedSite(plan.predecessorId, at);
        if (closed !== null) await incidentHandling.addNote(closed, { author: actor, text: `Closed because ${pair.predecessor.name} became URN ${pair.successor.urn} (academy conversion, confirmed by ${actor}); polling moved there.` });
        const audit = (action: string, siteId: number, target: string, detail: Record<string, unknown>) => tx.audit.record({ at: this.#d.clock.now(), actor, action, siteId, target, detail, outcome: 'ok' });
        if (plan.successor.kind === 'create') await audit('site.create', successorId, pair.successor.name, { urn: pair.successor.urn, source: 'academy-conversion', fromUrn: pair.predecessor.urn });
        await audit('site.convert', successorId, pair.successor.name, { predecessorUrn: pair.predecessor.urn, successorUrn: pair.successor.urn, evidence: pair.evidence, convertedOn: pair.convertedOn, carried: pair.carries });
        await audit('site.remove', plan.predecessorId, pair.predecessor.name, { closedIncidentId: closed, reason: `academy conversion to URN ${pair.successor.urn}` });
        done.push({ predecessorUrn: pair.predecessor.urn, successorUrn: pair.successor.urn, successorId });
      }
      return done;
    });
    this.#d.uploads.discard(req.extractId);
    if (req.linksId) this.#d.uploads.discard(req.linksId);
    events.emit('sites.changed', { reason: 'updated', ids: confirmed.flatMap((c) => [c.successorId, entries.get(c.predecessorUrn)?.siteId ?? 0]) });
    events.emit('config.changed', { siteIds: 'all' });
    if (chosen.length) events.emit('incidents.changed', {});
    return { confirmed };
  }

  /** "Formerly URN 141043 (converted 01-09-2021)", and where a removed site went. */
  async lineage(siteId: number): Promise<SiteLineage> {
    const { sites } = this.#d.store;
    // Throws not_found for an unknown site.
    await sites.get(siteId);
    const links = await this.#repo.links();
    const name = async (id: number) => (await sites.get(id)).name;
    const next = links.find((l) => l.predecessorId === siteId);
    const predecessors = await Promise.all(
      links.filter((l) => l.successorId === siteId).map(async (l) => ({ siteId: l.predecessorId, urn: l.predecessorUrn, name: await name(l.predecessorId), convertedOn: l.convertedOn, confirmedAt: l.confirmedAt })),
    );
    return { predecessors, successor: next ? { siteId: next.successorId, urn: next.successorUrn, name: await name(next.successorId), convertedOn: next.convertedOn } : null };
  }

  async #read(files: Files): Promise<Read> {
    const { uploads } = this.#d;
    const register = await this.#repo.registerEntries();
    const laCode = registerLa(register.map((r) => r.laestab));
    const gias = await orClearError('The GIAS extract', async () => readGias((await uploads.complete(files.extractId)).path, { laCode, includeClosed: true }));
    const links = files.linksId ? await orClearError('The links file', async () => readGiasLinks((await uploads.complete(files.linksId as string)).path)) : null;
    const done = (await this.#repo.links()).map((l) => ({ predecessorUrn: l.predecessorUrn, successorUrn: l.successorUrn }));
    const pairs: ConversionPair[] = findConversions({ establishments: gias.establishments, links: links?.links ?? null, register, done });
    const problems: ConversionProblem[] = [
      ...gias.problems.filter((p) => !p.kept).map((p) => ({ file: 'extract' as const, line: p.line, reason: p.urn ? `URN ${p.urn}: ${p.reason}` : p.reason })),
      ...(links?.problems ?? []).map((p) => ({ file: 'links' as const, line: p.line, reason: p.reason })),
    ];
    return { preview: { pairs, source: links ? 'links' : 'evidence', problems }, extract: new Map(gias.establishments.map((e) => [e.urn, e])), register };
  }
}
