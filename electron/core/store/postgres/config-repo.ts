// Fleet configuration's tables on PostgreSQL: template versions, overrides, which template each
// site follows, and each site's live config with the hash the console last applied or accepted.
import type { ConfigFields, Override, OverrideScope, Template } from '../../../../shared/fleet-config.ts';
import { toLive, toOverride, toTemplate, type LiveConfig, type LiveRow, type OverrideRow, type TemplateRow } from '../config-rows.ts';
import type { PgDb } from './pg-db.ts';

const SITES = '(SELECT count(*) FROM config_assignments a JOIN sites s ON s.id = a.site_id AND s.archived_at IS NULL WHERE a.template = t.name)';
const LATEST_OF = `SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.name = $1 ORDER BY t.version DESC LIMIT 1`;

export class PgConfigRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async templates(): Promise<Template[]> {
    const rows = await this.#db.query<TemplateRow>(
      `SELECT DISTINCT ON (t.name) t.*, ${SITES} AS sites FROM config_templates t ORDER BY t.name, t.version DESC`,
      [],
      'config.templates',
    );
    return rows.map(toTemplate);
  }

  async template(name: string, version?: number): Promise<Template | null> {
    const r =
      version === undefined
        ? await this.#db.maybeOne<TemplateRow>(LATEST_OF, [name], 'config.latestOf')
        : await this.#db.maybeOne<TemplateRow>(`SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.name = $1 AND t.version = $2`, [name, version], 'config.version');
    return r ? toTemplate(r) : null;
  }

  async versions(name: string): Promise<Template[]> {
    return (await this.#db.query<TemplateRow>(`SELECT t.*, ${SITES} AS sites FROM config_templates t WHERE t.name = $1 ORDER BY t.version DESC`, [name])).map(toTemplate);
  }

  /**
   * Saves the next version, if the newest is still `baseVersion` (0: a new template);
   * null when someone saved in between. One statement: of two saves on the same base, the
   * second waits on the (name, version) key and then inserts nothing.
   */
  async saveTemplate(t: { name: string; fields: ConfigFields; author: string; note: string; at: number; baseVersion: number }): Promise<Template | null> {
    const inserted = await this.#db.run(
      `INSERT INTO config_templates (name, version, fields_json, author, note, created_at)
       SELECT $1, $2 + 1, $3, $4, $5, $6 WHERE (SELECT coalesce(max(version), 0) FROM config_templates WHERE name = $1) = $2
       ON CONFLICT (name, version) DO NOTHING`,
      [t.name, t.baseVersion, JSON.stringify(t.fields), t.author, t.note, t.at],
    );
    return inserted === 1 ? this.template(t.name, t.baseVersion + 1) : null;
  }

  async overrides(): Promise<Array<Omit<Override, 'label'>>> {
    return (await this.#db.query<OverrideRow>('SELECT * FROM config_overrides ORDER BY scope, key', [], 'config.overrides')).map(toOverride);
  }

  async saveOverride(o: { scope: OverrideScope; key: string; fields: ConfigFields; author: string; note: string; at: number }): Promise<void> {
    await this.#db.run(
      `INSERT INTO config_overrides (scope, key, fields_json, author, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope, key) DO UPDATE SET fields_json = excluded.fields_json, author = excluded.author, note = excluded.note, updated_at = excluded.updated_at`,
      [o.scope, o.key, JSON.stringify(o.fields), o.author, o.note, o.at],
    );
  }

  async deleteOverride(scope: OverrideScope, key: string): Promise<boolean> {
    return (await this.#db.run('DELETE FROM config_overrides WHERE scope = $1 AND key = $2', [scope, key])) > 0;
  }

  /** Site id → the template it follows. */
  async assignments(): Promise<Map<number, string>> {
    const rows = await this.#db.query<{ site_id: number; template: string }>('SELECT site_id, template FROM config_assignments', [], 'config.assignments');
    return new Map(rows.map((r) => [r.site_id, r.template]));
  }

  /** Site by site, as SQLite does, so a site named twice counts twice. */
  assign(siteIds: readonly number[], template: string | null, by: string, at: number): Promise<number> {
    return this.#db.transaction(async () => {
      let n = 0;
      for (const id of siteIds) {
        n +=
          template === null
            ? await this.#db.run('DELETE FROM config_assignments WHERE site_id = $1', [id], 'config.unassign')
            : await this.#db.run(
                `INSERT INTO config_assignments (site_id, template, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (site_id) DO UPDATE SET template = excluded.template, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
                [id, template, by, at],
                'config.assign',
              );
      }
      return n;
    });
  }

  async live(): Promise<Map<number, LiveConfig>> {
    const rows = await this.#db.query<LiveRow>('SELECT * FROM site_config', [], 'config.live');
    return new Map(rows.map((r) => [r.site_id, toLive(r)]));
  }

  async liveOf(siteId: number): Promise<LiveConfig | null> {
    const r = await this.#db.maybeOne<LiveRow>('SELECT * FROM site_config WHERE site_id = $1', [siteId], 'config.liveOf');
    return r ? toLive(r) : null;
  }

  /** Takes the live config as known: a local change accepted by a person. */
  acceptLive(siteIds: readonly number[]): Promise<number> {
    return this.#db.transaction(async () => {
      let n = 0;
      for (const id of siteIds) n += await this.#db.run('UPDATE site_config SET known_hash = hash WHERE site_id = $1', [id], 'config.acceptLive');
      return n;
    });
  }

  async setKnown(siteId: number, hash: string): Promise<void> {
    await this.#db.run('UPDATE site_config SET known_hash = $1 WHERE site_id = $2', [hash, siteId], 'config.setKnown');
  }
}
