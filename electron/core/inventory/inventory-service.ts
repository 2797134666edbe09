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
import type { SiteWrite, Store } from '../store/store.ts';
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
  export(): { text: string; filename: string } {
    const register = this.#read();
    const rows = [...register.byId.values()]
      .filter((f) => f.site.archivedAt === null)
      .sort((a, b) => a.site.urn - b.site.urn)
      .map(({ site, credential }) => [site.urn, site.name, site.host, site.port, site.user, credential, joinTags(site.tags), site.area]);
    const day = new Date(this.#d.clock.now()).toISOString().slice(0, 10);
    return { text: toCsv([[...INVENTORY_COLUMNS], ...rows]), filename: `host-inventory-${day}.csv` };
  }

  async preview(uploadId: string): Promise<InventoryPreview> {
    const file = await this.#readFile(uploadId);
    const { rows } = planInventory(file.records, file.problems, this.#read());
    const count = (kind: string) => rows.filter((r) => r.kind === kind).length;
    return { uploadId, rows, changed: count('change'), unchanged: count('unchanged'), invalid: count('invalid') };
  }

  /** Applies the file's valid rows against the register as it is now; the upload is used up. */
  async apply(uploadId: string, seen: SeenVersions, { actor }: RequestContext): Promise<InventoryApplied> {
    const file = await this.#readFile(uploadId);
    const result = this.#d.store.withTransaction(() => {
      const register = this.#read();
      const plan = planInventory(file.records, file.problems, register);
      const changes = plan.rows.flatMap((r) => (r.kind === 'change' ? [r.change] : []));
      return this.#write(changes, plan.after, seen, register, { actor, source: 'inventory import' });
    });
    this.#d.uploads.discard(uploadId);
    return result;
  }

  bulkPreview(edit: BulkEdit): BulkPreview {
    const register = this.#read();
    this.#checkCredential(edit, register);
    const { changes, unchanged, skipped } = planBulkEdit(edit, register.byId);
    return { changes, unchanged, skipped };
  }

  bulkApply(edit: BulkEdit, seen: SeenVersions, { actor }: RequestContext): InventoryApplied {
    return this.#d.store.withTransaction(() => {
      const register = this.#read();
      this.#checkCredential(edit, register);
      const plan = planBulkEdit(edit, register.byId);
      return this.#write(plan.changes, plan.after, seen, register, { actor, source: 'bulk edit' });
    });
  }

  #write(changes: readonly SiteChange[], after: ReadonlyMap<number, Reach>, seen: SeenVersions, register: Register, who: { actor: string; source: string }): InventoryApplied {
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
    this.#d.store.inventory.write(writes, { at: this.#d.clock.now(), ...who });
    // The poller follows sites.changed: a new host, port or user is dialed afresh.
    if (writes.length > 0) this.#d.events.emit('sites.changed', { reason: 'updated', ids: writes.map((w) => w.change.siteId) });
    return { applied: writes.length, stale };
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

  #read(): Register {
    const creds = this.#d.credentials.list();
    const nameOf = new Map(creds.map((c) => [c.id, c.name]));
    const credentialIds = new Map(creds.map((c) => [c.name, c.id]));
    const poll = this.#d.store.inventory.pollFacts();
    const byId = new Map<number, SiteFacts & { site: Site }>();
    const byUrn = new Map<number, SiteFacts>();
    for (const site of this.#d.store.inventory.allSites()) {
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
