// Fleet configuration's tables: template versions, overrides, which template each site
// follows, and each site's live config with the hash the console last applied or accepted.
// The config service decides; this reads and writes.
import type { ConfigFields, Override, OverrideScope, Template } from '../../../../shared/fleet-config.ts';
import { toLive, toOverride, toTemplate, type LiveConfig, type LiveRow, type OverrideRow, type TemplateRow } from '../config-rows.ts';
import type { Db } from './db.ts';

export type { LiveConfig } from '../config-rows.ts';

const SITES = '(SELECT count(*) FROM config_assignments a JOIN sites s ON s.id = a.site_id AND s.archived_at IS NULL WHERE a.template = t.name)';

export class ConfigRepo {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      latest: db.prepare<[], TemplateRow>(
        `SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.version = (SELECT max(version) FROM config_templates u WHERE u.name = t.name) ORDER BY t.name`,
      ),
      latestOf: db.prepare<[string], TemplateRow>(`SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.name = ? ORDER BY t.version DESC LIMIT 1`),
      versions: db.prepare<[string], TemplateRow>(`SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.name = ? ORDER BY t.version DESC`),
      version: db.prepare<[string, number], TemplateRow>(`SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.name = ? AND t.version = ?`),
      insertTemplate: db.prepare('INSERT INTO config_templates (name, version, fields_json, author, note, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      overrides: db.prepare<[], OverrideRow>('SELECT * FROM config_overrides ORDER BY scope, key'),
      putOverride: db.prepare(
        `INSERT INTO config_overrides (scope, key, fields_json, author, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET fields_json = excluded.fields_json, author = excluded.author, note = excluded.note, updated_at = excluded.updated_at`,
      ),
      deleteOverride: db.prepare('DELETE FROM config_overrides WHERE scope = ? AND key = ?'),
      assignments: db.prepare<[], { site_id: number; template: string }>('SELECT site_id, template FROM config_assignments'),
      assign: db.prepare(
        `INSERT INTO config_assignments (site_id, template, assigned_by, assigned_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id) DO UPDATE SET template = excluded.template, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
      ),
      unassign: db.prepare('DELETE FROM config_assignments WHERE site_id = ?'),
      live: db.prepare<[], LiveRow>('SELECT * FROM site_config'),
      liveOf: db.prepare<[number], LiveRow>('SELECT * FROM site_config WHERE site_id = ?'),
      setKnown: db.prepare('UPDATE site_config SET known_hash = ? WHERE site_id = ?'),
      acceptLive: db.prepare('UPDATE site_config SET known_hash = hash WHERE site_id = ?'),
    };
  }

  templates(): Template[] {
    return this.#s.latest.all().map(toTemplate);
  }

  template(name: string, version?: number): Template | null {
    const r = version === undefined ? this.#s.latestOf.get(name) : this.#s.version.get(name, version);
    return r ? toTemplate(r) : null;
  }

  versions(name: string): Template[] {
    return this.#s.versions.all(name).map(toTemplate);
  }

  /**
   * Saves the next version, if the newest is still `baseVersion` (0: a new template);
   * null when someone saved in between.
   */
  saveTemplate(t: { name: string; fields: ConfigFields; author: string; note: string; at: number; baseVersion: number }): Template | null {
    return this.#db.transaction(() => {
      const current = this.#s.latestOf.get(t.name)?.version ?? 0;
      if (current !== t.baseVersion) return null;
      this.#s.insertTemplate.run(t.name, current + 1, JSON.stringify(t.fields), t.author, t.note, t.at);
      const saved = this.#s.latestOf.get(t.name);
      return saved ? toTemplate(saved) : null;
    })();
  }

  overrides(): Array<Omit<Override, 'label'>> {
    return this.#s.overrides.all().map(toOverride);
  }

  saveOverride(o: { scope: OverrideScope; key: string; fields: ConfigFields; author: string; note: string; at: number }): void {
    this.#s.putOverride.run(o.scope, o.key, JSON.stringify(o.fields), o.author, o.note, o.at);
  }

  deleteOverride(scope: OverrideScope, key: string): boolean {
    return this.#s.deleteOverride.run(scope, key).changes > 0;
  }

  /** Site id → the template it follows. */
  assignments(): Map<number, string> {
    return new Map(this.#s.assignments.all().map((r) => [r.site_id, r.template]));
  }

  assign(siteIds: readonly number[], template: string | null, by: string, at: number): number {
    return this.#db.transaction(() => {
      let n = 0;
      for (const id of siteIds) n += (template === null ? this.#s.unassign.run(id) : this.#s.assign.run(id, template, by, at)).changes;
      return n;
    })();
  }

  live(): Map<number, LiveConfig> {
    return new Map(this.#s.live.all().map((r) => [r.site_id, toLive(r)]));
  }

  liveOf(siteId: number): LiveConfig | null {
    const r = this.#s.liveOf.get(siteId);
    return r ? toLive(r) : null;
  }

  /** Takes the live config as known: a local change accepted by a person. */
  acceptLive(siteIds: readonly number[]): number {
    return this.#db.transaction(() => siteIds.reduce((n, id) => n + this.#s.acceptLive.run(id).changes, 0))();
  }

  setKnown(siteId: number, hash: string): void {
    this.#s.setKnown.run(hash, siteId);
  }
}
