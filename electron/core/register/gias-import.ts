// GIAS import: read an uploaded extract (one LA), preview what it would do to the register,
// and apply exactly that preview in one transaction, re-checked against the register as it is
// then. Decisions are gias-plan.ts's; the writes are RegisterRepo's; every change is audited.
import { randomUUID } from 'node:crypto';
import { GiasFormatError } from '../../../shared/gias.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { GiasApplyResult, GiasPreview, PlaceResult } from '../../../shared/register.ts';
import type { Site } from '../../../shared/site.ts';
import type { CoreContext } from '../context.ts';
import type { RequestContext } from '../operator.ts';
import type { StoreAreas } from '../store/store.ts';
import { readGias, type GiasRead } from './gias-reader.ts';
import { planGiasImport, planSignature, registerLa, type GiasPlan } from './gias-plan.ts';
import { estimateFromPostcode } from './place-by-postcode.ts';

type Deps = Pick<CoreContext, 'store' | 'clock' | 'events' | 'uploads'>;

interface Kept {
  uploadId: string;
  fileName: string;
  read: GiasRead;
  laCode: string | null;
  signature: string;
}

/** A preview holds one LA's rows; a few are plenty (the person previews, then applies). */
const KEEP_PREVIEWS = 3;
/** Matches no LA code, so a first pass only lists the file's LAs and keeps no rows. */
const LIST_ONLY = '\u0000';

export interface PreviewRequest {
  uploadId: string;
  laCode: string | null;
  includeClosed: boolean;
}

export class GiasImport {
  readonly #d: Deps;
  readonly #previews = new Map<string, Kept>();

  constructor(deps: Deps) {
    this.#d = deps;
  }

  async preview(req: PreviewRequest, signal?: AbortSignal): Promise<GiasPreview> {
    const file = await this.#d.uploads.complete(req.uploadId);
    const register = await this.#register(this.#d.store);
    const onProgress = (bytes: number) => this.#d.events.emit('register.progress', { uploadId: req.uploadId, bytes, total: file.size });
    const read = (laCode: string) => this.#read(file.path, file.name, { laCode, includeClosed: req.includeClosed, onProgress, ...(signal ? { signal } : {}) });

    // Which LA: the one most registered schools are in (read in the same pass that checks the
    // file has it), else the file's only one; else ask. A national file is read once, not twice.
    let laCode = req.laCode;
    let result: GiasRead | null = null;
    if (laCode === null) {
      const guess = registerLa(register);
      const first = await read(guess ?? LIST_ONLY);
      if (guess !== null && first.las.some((l) => l.code === guess)) [laCode, result] = [guess, first];
      else {
        laCode = registerLa(register, first.las) ?? (first.las.length === 1 ? (first.las[0]?.code ?? null) : null);
        if (laCode === null) return this.#needsLa(file.name, first, req.includeClosed);
      }
    }
    result ??= await read(laCode);
    if (!result.las.some((l) => l.code === laCode)) throw new AppFailure('validation', `${file.name} has no establishments in LA ${laCode}`, { laCode: 'Not in this file' });
    const plan = planGiasImport({ establishments: result.establishments, notOpen: result.notOpen, register, laCode });
    const previewId = randomUUID();
    this.#previews.set(previewId, { uploadId: req.uploadId, fileName: file.name, read: result, laCode, signature: planSignature(plan) });
    while (this.#previews.size > KEEP_PREVIEWS) this.#previews.delete(this.#previews.keys().next().value ?? '');
    return this.#shape(previewId, file.name, result, laCode, req.includeClosed, plan);
  }

  /** Writes the preview's plan, or refuses if the register moved since: all or nothing. */
  async apply(previewId: string, { actor }: RequestContext): Promise<GiasApplyResult> {
    const kept = this.#previews.get(previewId);
    if (!kept) throw new AppFailure('not_found', 'That preview has expired: choose the file and preview it again');
    const { store, clock, events } = this.#d;
    const at = clock.now();
    const { plan, ids } = await store.withTransaction(async (tx) => {
      const plan = planGiasImport({ establishments: kept.read.establishments, notOpen: kept.read.notOpen, register: await this.#register(tx), laCode: kept.laCode });
      if (planSignature(plan) !== kept.signature) {
        throw new AppFailure('conflict', 'The register changed since this preview (a school was added, edited or removed): preview the file again before applying');
      }
      const ids = await tx.register.applyGias(plan.create, plan.change);
      await tx.audit.record({ at, actor, action: 'register.gias-import', siteId: null, target: kept.fileName, outcome: 'ok',
        detail: { laCode: kept.laCode, created: plan.create.length, changed: plan.change.length, unchanged: plan.unchanged, invalid: kept.read.problems.filter((p) => !p.kept).length } });
      for (const s of plan.create) await tx.audit.record({ at, actor, action: 'site.create', siteId: ids.get(s.urn) ?? null, target: s.name, outcome: 'ok', detail: { source: 'gias', urn: s.urn } });
      for (const c of plan.change) {
        const changes = Object.fromEntries(c.changes.map((x) => [x.field, { before: x.before, after: x.after }]));
        await tx.audit.record({ at, actor, action: 'site.update', siteId: c.siteId, target: c.name, outcome: 'ok', detail: { source: 'gias', changes } });
      }
      return { plan, ids };
    });
    this.#previews.delete(previewId);
    this.#d.uploads.discard(kept.uploadId);
    const touched = [...ids.values(), ...plan.change.map((c) => c.siteId)];
    if (touched.length) events.emit('sites.changed', { reason: 'imported', ids: touched });
    return { created: plan.create.length, changed: plan.change.length, unchanged: plan.unchanged };
  }

  /** An approximate position from registered schools in the same postcode sector or district. */
  async placeByPostcode(siteId: number, { actor }: RequestContext): Promise<PlaceResult> {
    const { store, clock, events } = this.#d;
    const result = await store.withTransaction(async (tx) => {
      const site = await tx.sites.get(siteId);
      if (site.demo || site.archivedAt !== null) throw new AppFailure('conflict', `${site.name} cannot be placed: it is a demo school or has been removed`);
      if (!site.postcode) throw new AppFailure('validation', `${site.name} has no postcode: set its position in the site form`);
      const est = estimateFromPostcode(site, await tx.sites.list());
      if (!est) throw new AppFailure('validation', `No registered school on the map shares ${site.name}'s postcode sector or district (${site.postcode}): set its position in the site form`);
      await tx.register.setPosition(site.id, est.latitude, est.longitude, 'postcode');
      await tx.audit.record({ at: clock.now(), actor, action: 'site.place', siteId: site.id, target: site.name, outcome: 'ok', detail: { source: 'postcode', latitude: est.latitude, longitude: est.longitude, basis: est.basis } });
      return { siteId: site.id, latitude: est.latitude, longitude: est.longitude, basis: est.basis, from: est.from };
    });
    events.emit('sites.changed', { reason: 'updated', ids: [siteId] });
    return result;
  }

  async #read(path: string, fileName: string, options: Parameters<typeof readGias>[1]): Promise<GiasRead> {
    try {
      return await readGias(path, options);
    } catch (err) {
      if (err instanceof GiasFormatError) throw new AppFailure('validation', `${fileName}: ${err.message}`);
      throw err;
    }
  }

  async #register(areas: StoreAreas): Promise<Site[]> {
    const [listed, archived] = await Promise.all([areas.sites.list(), areas.sites.listArchived()]);
    return [...listed, ...archived];
  }

  #needsLa(fileName: string, read: GiasRead, includeClosed: boolean): GiasPreview {
    const empty: GiasPlan = { create: [], change: [], unchanged: 0, removed: [], notOnMap: [], closedInGias: [], notInExtract: [] };
    return this.#shape(null, fileName, read, null, includeClosed, empty);
  }

  #shape(previewId: string | null, fileName: string, read: GiasRead, laCode: string | null, includeClosed: boolean, plan: GiasPlan): GiasPreview {
    return {
      previewId,
      fileName,
      encoding: read.encoding,
      rows: read.rows,
      las: read.las,
      laCode,
      includeClosed,
      created: plan.create.map((s) => ({ urn: s.urn, name: s.name, postcode: s.postcode, area: s.area })),
      changed: plan.change.map((c) => ({ siteId: c.siteId, urn: c.urn, name: c.name, changes: c.changes })),
      unchanged: plan.unchanged,
      skipped: { notOpen: includeClosed ? 0 : read.notOpen.length, otherLa: read.otherLa, removed: plan.removed },
      problems: read.problems,
      notOnMap: plan.notOnMap,
      closedInGias: plan.closedInGias,
      notInExtract: plan.notInExtract,
    };
  }
}
