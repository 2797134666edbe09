// Fleet configuration: templates and their versions, overrides, which template each site
// follows, and each site's desired config and drift. Every change is audited under the
// person who made it. States are computed from the store on demand (a few ms for a
// thousand sites) and the windows are told when they may have moved.
import { configState, diffConfig, fieldErrors, resolveDesired, type ConfigFields, type Desired, type FieldChange, type Override, type OverrideScope, type SiteConfigState, type Template } from '../../../shared/fleet-config.ts';
import { ConfigFieldsSchema } from '../../../shared/fleet-config.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { SiteConfigView } from '../../../shared/contract.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { Site } from '../../../shared/site.ts';
import type { EventBus } from '../events.ts';
import { PushBatch } from '../push-batch.ts';
import type { Async, AuditRepo, ConfigRepo, LiveConfig, SitesRepo } from '../store/store.ts';
import { configHash } from './config-hash.ts';
import { indexOverrides, layersFor, type OverrideIndex } from './layers.ts';

export interface ConfigWorld {
  clock: Clock;
  events: EventBus;
  repo: Async<ConfigRepo>;
  sites: Async<SitesRepo>;
  audit: Async<AuditRepo>;
}

/** One site's desired config and where it stands, as the planner and the views need it. */
export interface SiteConfigFacts {
  site: Site;
  template: Pick<Template, 'name' | 'version' | 'fields'> | null;
  live: LiveConfig | null;
  desired: (Desired & { hash?: string }) | null;
  changes: FieldChange[];
  state: SiteConfigState['state'];
}

const CHANGE_PUSH_MS = 200;

export class ConfigService {
  readonly #w: ConfigWorld;
  readonly #pushes: PushBatch;
  readonly #resolved = new Map<number, { key: string; desired: SiteConfigFacts['desired']; changes: FieldChange[] }>();

  constructor(world: ConfigWorld) {
    this.#w = world;
    this.#pushes = new PushBatch(CHANGE_PUSH_MS, (siteIds) => this.#w.events.emit('config.changed', { siteIds }));
  }

  templates(): Promise<Template[]> {
    return this.#w.repo.templates();
  }

  async versions(name: string): Promise<Template[]> {
    const all = await this.#w.repo.versions(name);
    if (all.length === 0) throw new AppFailure('not_found', `No template named “${name}”`);
    return all;
  }

  async saveTemplate(req: { name: string; fields: ConfigFields; note: string; baseVersion: number }, actor: string): Promise<Template> {
    this.#checkFields(req.fields);
    const saved = await this.#w.repo.saveTemplate({ ...req, author: actor, at: this.#w.clock.now() });
    if (!saved) {
      const now = (await this.#w.repo.template(req.name))?.version ?? 0;
      throw new AppFailure('conflict', req.baseVersion === 0 ? `A template named “${req.name}” already exists` : `Someone saved version ${now} of “${req.name}” since you opened version ${req.baseVersion}: reload it and make your change again`);
    }
    await this.#w.audit.record({ at: saved.createdAt, actor, action: 'config.template.save', siteId: null, target: `${saved.name} v${saved.version}`, detail: { fields: saved.fields, note: saved.note }, outcome: 'saved' });
    this.#changed('all');
    return saved;
  }

  async overrides(): Promise<Override[]> {
    const names = new Map((await this.#w.sites.list()).map((s) => [String(s.id), s.name]));
    return (await this.#w.repo.overrides()).map((o) => ({ ...o, label: o.scope === 'site' ? (names.get(o.key) ?? `site #${o.key}`) : o.key }));
  }

  async saveOverride(req: { scope: OverrideScope; key: string; fields: ConfigFields; note: string }, actor: string): Promise<Override> {
    this.#checkFields(req.fields);
    if (req.scope === 'site' && !(await this.#w.sites.list()).some((s) => String(s.id) === req.key)) throw new AppFailure('not_found', `No site #${req.key} in the register`, { key: 'No such site' });
    const at = this.#w.clock.now();
    await this.#w.repo.saveOverride({ ...req, author: actor, at });
    await this.#w.audit.record({ at, actor, action: 'config.override.save', siteId: req.scope === 'site' ? Number(req.key) : null, target: `${req.scope} ${req.key}`, detail: { fields: req.fields, note: req.note }, outcome: 'saved' });
    this.#changed('all');
    const saved = (await this.overrides()).find((o) => o.scope === req.scope && o.key === req.key);
    if (!saved) throw new AppFailure('internal', 'The override was not saved');
    return saved;
  }

  async deleteOverride(req: { scope: OverrideScope; key: string; note: string }, actor: string): Promise<boolean> {
    const deleted = await this.#w.repo.deleteOverride(req.scope, req.key);
    if (deleted) {
      await this.#w.audit.record({ at: this.#w.clock.now(), actor, action: 'config.override.delete', siteId: req.scope === 'site' ? Number(req.key) : null, target: `${req.scope} ${req.key}`, detail: { note: req.note }, outcome: 'deleted' });
      this.#changed('all');
    }
    return deleted;
  }

  async assign(siteIds: readonly number[] | 'all', template: string | null, actor: string): Promise<number> {
    if (template !== null && !(await this.#w.repo.template(template))) throw new AppFailure('not_found', `No template named “${template}”`);
    const ids = siteIds === 'all' ? (await this.#w.sites.list()).map((s) => s.id) : siteIds;
    const n = await this.#w.repo.assign(ids, template, actor, this.#w.clock.now());
    await this.#w.audit.record({ at: this.#w.clock.now(), actor, action: 'config.assign', siteId: ids.length === 1 ? (ids[0] ?? null) : null, target: template ?? '(none)', detail: { sites: ids.length }, outcome: 'assigned' });
    this.#changed(ids);
    return n;
  }

  async acceptLocal(siteIds: readonly number[], actor: string): Promise<number> {
    const n = await this.#w.repo.acceptLive(siteIds);
    const at = this.#w.clock.now();
    for (const id of siteIds) {
      const live = await this.#w.repo.liveOf(id);
      if (live) await this.#w.audit.record({ at, actor, action: 'config.accept-local', siteId: id, target: null, detail: { hash: live.hash }, outcome: 'accepted' });
    }
    this.#changed(siteIds);
    return n;
  }

  /** Every site's facts in one pass: one read of each table. */
  async facts(siteIds?: ReadonlySet<number>): Promise<SiteConfigFacts[]> {
    const sites = (await this.#w.sites.list()).filter((s) => !siteIds || siteIds.has(s.id));
    const assignments = await this.#w.repo.assignments();
    const live = await this.#w.repo.live();
    const overrides = indexOverrides(await this.#w.repo.overrides());
    const templates = new Map((await this.#w.repo.templates()).map((t) => [t.name, t]));
    return sites.map((site) => this.#factsOf(site, templates.get(assignments.get(site.id) ?? '') ?? null, live.get(site.id) ?? null, overrides));
  }

  async states(): Promise<SiteConfigState[]> {
    return (await this.facts()).map((f) => ({ siteId: f.site.id, state: f.state, liveHash: f.live?.hash ?? null, desiredHash: f.desired?.ok ? (f.desired.hash ?? null) : null, readAt: f.live?.readAt ?? null, template: f.template?.name ?? null }));
  }

  /** A site's view; with a draft, as it would be under those unsaved template fields. */
  async siteView(siteId: number, draft?: { template: string; fields: ConfigFields }): Promise<SiteConfigView> {
    const site = await this.#w.sites.get(siteId);
    if (draft) this.#checkFields(draft.fields);
    const name = draft?.template ?? (await this.#w.repo.assignments()).get(siteId) ?? null;
    const stored = name ? await this.#w.repo.template(name) : null;
    const template = draft ? { name: draft.template, version: stored?.version ?? 0, fields: draft.fields } : stored;
    const f = this.#factsOf(site, template, await this.#w.repo.liveOf(siteId), indexOverrides(await this.#w.repo.overrides()), draft?.fields);
    return {
      siteId,
      state: f.state,
      template: template?.name ?? null,
      templateVersion: stored?.version ?? null,
      live: f.live ? { hash: f.live.hash, config: f.live.config, readAt: f.live.readAt } : null,
      desired: f.desired === null ? null : f.desired.ok ? { ok: true, hash: f.desired.hash ?? '', config: f.desired.config, sources: f.desired.sources } : f.desired,
      changes: f.changes,
      knownHash: f.live?.knownHash ?? null,
    };
  }

  async liveHash(siteId: number): Promise<string | null> {
    return (await this.#w.repo.liveOf(siteId))?.hash ?? null;
  }

  /** A live config was read (a poll saw its hash change): its site's state may have moved. */
  liveChanged(siteId: number): void {
    this.#changed([siteId]);
  }

  close(): void {
    this.#pushes.close();
  }

  #factsOf(site: Site, template: Pick<Template, 'name' | 'version' | 'fields'> | null, live: LiveConfig | null, overrides: OverrideIndex, draft?: ConfigFields): SiteConfigFacts {
    let desired: SiteConfigFacts['desired'] = null;
    let changes: FieldChange[] = [];
    if (template && live) {
      const layers = layersFor(site, template, overrides, draft);
      // The same live config under the same layers resolves the same: fleet-wide states are
      // asked for after every change, and resolving, hashing and diffing is most of their cost.
      const key = draft ? null : `${live.hash}\u0000${JSON.stringify(layers)}`;
      const hit = key === null ? undefined : this.#resolved.get(site.id);
      if (hit && hit.key === key) ({ desired, changes } = hit);
      else {
        const d = resolveDesired(live.config, layers);
        desired = d.ok ? { ...d, hash: configHash(d.config) } : d;
        if (d.ok) changes = diffConfig(live.config, d.config);
        if (key !== null) this.#resolved.set(site.id, { key, desired, changes });
      }
    }
    const state = configState({
      liveHash: live?.hash ?? null,
      desiredHash: desired?.ok ? (desired.hash ?? null) : null,
      managed: template !== null,
      desiredValid: desired === null || desired.ok,
      knownHash: live?.knownHash ?? null,
    });
    return { site, template, live, desired, changes, state };
  }

  #checkFields(fields: ConfigFields): void {
    const parsed = ConfigFieldsSchema.safeParse(fields);
    if (!parsed.success) throw new AppFailure('validation', 'Some settings are not valid', fieldErrors(parsed.error));
  }

  #changed(ids: readonly number[] | 'all'): void {
    this.#pushes.add(ids);
  }
}
