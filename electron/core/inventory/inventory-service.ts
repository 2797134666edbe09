// The host inventory: export, import (preview, then apply) and bulk edit. Reads, decides with
// the pure planners, and writes each decision with one InventoryRepo call inside one transaction.
import type { Clock } from '../../../shared/clock.ts';
import { toCsv } from '../../../shared/csv.ts';
import { INVENTORY_COLUMNS, joinTags, type BulkEdit, type BulkPreview, type InventoryApplied, type InventoryPreview, type SeenVersions, type SiteChange } from '../../../shared/inventory.ts';
import { AppFailure } from '../../../shared/result.ts';
import { fieldsOf, type Site } from '../../../shared/site.ts';
import type { EventBus } from '../events.ts';
import { readCsvAll } from '../files/csv-reader.ts';
import type { Uploads } from '../files/uploads.ts';
import type { RequestContext } from '../operator.ts';
import type { CredentialStore } from '../secrets/credential-store.ts';
import type { SiteWrite, Store, StoreAreas } from '../store/store.ts';
import { planBulkEdit } from './bulk-plan.ts';
import { planInventory, type RegisterView } from './inventory-plan.ts';
import type { Reach, SiteFacts } from './site-change.ts';

/** A host inventory is a few thousand lines; anything this big is the wrong file. */
const MAX_INVENTORY_BYTES = 16 * 1024 * 1024;

export interface InventoryDeps {
  store: Store;
  credentials: CredentialStore;
  uploads: Uploads;
  clock: Clock;
  events: EventBus;
}

interface Planned {
  changes: readonly SiteChange[];
  after: ReadonlyMap<number, Reach>;
  register: Register;
}

interface Register extends RegisterView {
  byId: Map<number, SiteFacts & { site: Site }>;
  credentialIds: Map<string, number>;
}

export class InventoryService {
  readonly #d: InventoryDeps;
  constructor(deps: InventoryDeps) {
    this.#d = deps;
  }

  /** The fleet's inventory as CSV, in the columns the import reads. */
  async export(): Promise<{ text: string; filename: string }> {
    const register = await this.#read(this.#d.store);
    const rows = [...register.byId.values()]
      .filter((f) => f.site.archivedAt === null)
      .sort((a, b) => a.site.urn - b.site.urn)
      .map(({ site, credential }) => [site.urn, site.name, site.host, site.port, site.user, credential, joinTags(site.tags), site.area]);
    const day = new Date(this.#d.clock.now()).toISOString().slice(0, 10);
    return { text: toCsv([[...INVENTORY_COLUMNS], ...rows]), filename: `host-inventory-${day}.csv` };
  }

  async preview(uploadId: string): Promise<InventoryPreview> {
    const file = await this.#readFile(uploadId);
    const { rows } = planInventory(file.records, file.problems, await this.#read(this.#d.store));
    const count = (kind: string) => rows.filter((r) => r.kind === kind).length;
    return { uploadId, rows, changed: count('change'), unchanged: count('unchanged'), invalid: count('invalid') };
  }

  /** Applies the file's valid rows against the register as it is now; the upload is used up. */
  async apply(uploadId: string, seen: SeenVersions, { actor }: RequestContext): Promise<InventoryApplied> {
    const file = await this.#readFile(uploadId);
    const result = await this.#apply(async (tx) => {
      const register = await this.#read(tx);
      const plan = planInventory(file.records, file.problems, register);
      const changes = plan.rows.flatMap((r) => (r.kind === 'change' ? [r.change] : []));
      return { changes, after: plan.after, register };
    }, seen, { actor, source: 'inventory import' });
    this.#d.uploads.discard(uploadId);
    return result;
  }

  async bulkPreview(edit: BulkEdit): Promise<BulkPreview> {
    const register = await this.#read(this.#d.store);
    this.#checkCredential(edit, register);
    const { changes, unchanged, skipped } = planBulkEdit(edit, register.byId);
    return { changes, unchanged, skipped };
  }

  bulkApply(edit: BulkEdit, seen: SeenVersions, { actor }: RequestContext): Promise<InventoryApplied> {
    return this.#apply(async (tx) => {
      const register = await this.#read(tx);
      this.#checkCredential(edit, register);
      const plan = planBulkEdit(edit, register.byId);
      return { changes: plan.changes, after: plan.after, register };
    }, seen, { actor, source: 'bulk edit' });
  }

  /** Re-plans and writes in one transaction; the poller hears of it once it is committed. */
  async #apply(plan: (tx: StoreAreas) => Promise<Planned>, seen: SeenVersions, who: { actor: string; source: string }): Promise<InventoryApplied> {
    const { result, writes } = await this.#d.store.withTransaction(async (tx) => {
      const { changes, after, register } = await plan(tx);
      const decided = this.#decide(changes, after, seen, register);
      await tx.inventory.write(decided.writes, { at: this.#d.clock.now(), ...who });
      return decided;
    });
    // The poller follows sites.changed: a new host, port or user is dialed afresh.
    if (writes.length > 0) this.#d.events.emit('sites.changed', { reason: 'updated', ids: writes.map((w) => w.change.siteId) });
    return result;
  }

  #decide(changes: readonly SiteChange[], after: ReadonlyMap<number, Reach>, seen: SeenVersions, register: Register): { result: InventoryApplied; writes: SiteWrite[] } {
    const expected = new Map(seen.map((s) => [s.siteId, s.version]));
    const writes: SiteWrite[] = [];
    const stale: InventoryApplied['stale'] = [];
    for (const change of changes) {
      const version = expected.get(change.siteId);
      if (version !== change.version) {
        const reason = version === undefined ? 'it had nothing to change at the preview but was edited since' : 'it was edited since the preview';
        stale.push({ siteId: change.siteId, name: change.name, reason: `${reason}: preview again to see what would change` });
        continue;
      }
      const facts = register.byId.get(change.siteId);
      const reach = after.get(change.siteId);
      if (!facts || !reach) throw new Error(`planned a change for site ${change.siteId} without reading it`);
      const { site } = facts;
      const fields = { ...fieldsOf(site), host: reach.host ?? site.host, port: reach.port, user: reach.user, tags: reach.tags, area: reach.area };
      const write: SiteWrite = { change, fields };
      if (change.changes.some((c) => c.field === 'credential') && reach.credential !== null) {
        const id = register.credentialIds.get(reach.credential);
        if (id === undefined) throw new AppFailure('conflict', `The credential "${reach.credential}" was removed meanwhile; preview again`);
        write.credentialId = id;
      }
      writes.push(write);
    }
    return { result: { applied: writes.length, stale }, writes };
  }

  #checkCredential(edit: BulkEdit, register: Register): void {
    if (edit.credential !== undefined && !register.credentialNames.has(edit.credential)) {
      const message = `No credential is named "${edit.credential}"; add it under Settings first`;
      throw new AppFailure('validation', message, { credential: message });
    }
  }

  async #readFile(uploadId: string) {
    const upload = await this.#d.uploads.complete(uploadId);
    if (upload.size > MAX_INVENTORY_BYTES) throw new AppFailure('validation', `${upload.name} is ${Math.round(upload.size / 1048576)} MB; a host inventory is far smaller. Is it the right file?`);
    return readCsvAll(upload.path);
  }

  async #read(areas: StoreAreas): Promise<Register> {
    // Credentials come through their store (it decrypts); inside a transaction its calls join it.
    const creds = await this.#d.credentials.list();
    const nameOf = new Map(creds.map((c) => [c.id, c.name]));
    const credentialIds = new Map(creds.map((c) => [c.name, c.id]));
    const [poll, sites] = await Promise.all([areas.inventory.pollFacts(), areas.inventory.allSites()]);
    const byId = new Map<number, SiteFacts & { site: Site }>();
    const byUrn = new Map<number, SiteFacts>();
    for (const site of sites) {
      const p = poll.get(site.id);
      // As PollService resolves it: the site's own credential, else the fleet's default.
      const id = p?.credentialId ?? credentialIds.get(site.demo ? 'demo' : 'default') ?? null;
      const facts = { site, credential: id === null ? null : (nameOf.get(id) ?? null), hostKeyKnown: p?.hostKeyKnown ?? false };
      byId.set(site.id, facts);
      byUrn.set(site.urn, facts);
    }
    return { byId, byUrn, credentialNames: new Set(credentialIds.keys()), credentialIds };
  }
}
