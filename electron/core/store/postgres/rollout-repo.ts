// Rollouts and each site's part in them, on PostgreSQL. Every change to a site's part names the
// states it may come from, so two hands (two collectors, a tick and a poll) can never both move
// it: the loser's UPDATE finds the row moved and changes nothing.
import type { FieldChange } from '../../../../shared/fleet-config.ts';
import type { Rollout, RolloutPlanInput, RolloutSiteState, RolloutState } from '../../../../shared/rollouts.ts';
import { rolloutPatchColumns, sitePatchColumns, toRollout, toSite, type NewRolloutSite, type RolloutPatch, type RolloutRow, type RolloutTarget, type SiteClaim, type SitePatch, type SiteRow } from '../rollout-rows.ts';
import type { PgDb } from './pg-db.ts';

const ORDER_SITES = 'ORDER BY wave, site_name, site_id';

/** The per-site reads the poller and the rollout executor run, exported so their plans are tested. */
export const HOT_ROLLOUT_SQL = {
  openForSite: `SELECT rs.* FROM rollout_sites rs JOIN rollouts r ON r.id = rs.rollout_id
    WHERE rs.site_id = $1 AND rs.state IN ('applying', 'applied', 'offline', 'rolling-back') AND r.state != 'draft'`,
  site: 'SELECT * FROM rollout_sites WHERE rollout_id = $1 AND site_id = $2',
};

/** `$n` placeholders for values appended after `before` others. */
const params = (values: readonly unknown[], before: number) => values.map((_, i) => `$${before + i + 1}`);

export class PgRolloutRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  createDraft(r: { name: string; template: string; templateVersion: number; plan: RolloutPlanInput; actor: string; at: number; waves: number; skipped: Rollout['skipped']; sites: readonly NewRolloutSite[] }): Promise<number> {
    return this.#db.transaction(async () => {
      // Drafts nobody started are dropped after a day.
      await this.#db.run("DELETE FROM rollouts WHERE state = 'draft' AND created_at < $1", [r.at - 86_400_000]);
      const { id } = await this.#db.one<{ id: number }>(
        `INSERT INTO rollouts (name, template, template_version, plan_json, state, actor, created_at, waves, skipped_json) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8) RETURNING id`,
        [r.name, r.template, r.templateVersion, JSON.stringify(r.plan), r.actor, r.at, r.waves, JSON.stringify(r.skipped)],
      );
      const s = r.sites;
      // One statement for every site of the plan (hundreds of schools), not one round trip each.
      await this.#db.run(
        `INSERT INTO rollout_sites (rollout_id, site_id, site_name, urn, wave, state, from_hash, to_hash, config_json, template_version, changes, changes_json, updated_at)
         SELECT $1, u.site_id, u.site_name, u.urn, u.wave, 'pending', u.from_hash, u.to_hash, u.config_json, u.template_version, u.changes, u.changes_json, $2
         FROM unnest($3::bigint[], $4::text[], $5::integer[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::integer[], $11::text[], $12::text[])
           AS u (site_id, site_name, urn, wave, from_hash, to_hash, config_json, template_version, changes, changes_json)`,
        [
          id, r.at, s.map((x) => x.siteId), s.map((x) => x.siteName), s.map((x) => x.urn), s.map((x) => x.wave), s.map((x) => x.fromHash), s.map((x) => x.toHash),
          s.map((x) => JSON.stringify(x.config)), s.map((x) => x.templateVersion), s.map((x) => x.changes), s.map((x) => JSON.stringify(x.changeList)),
        ],
      );
      return id;
    });
  }

  async discardDraft(id: number): Promise<boolean> {
    return (await this.#db.run("DELETE FROM rollouts WHERE id = $1 AND state = 'draft'", [id])) > 0;
  }

  async get(id: number): Promise<Rollout | null> {
    const r = await this.#db.maybeOne<RolloutRow>('SELECT * FROM rollouts WHERE id = $1', [id], 'rollouts.get');
    return r ? this.#toRollout(r) : null;
  }

  async list(limit: number): Promise<Rollout[]> {
    return this.#toRollouts(await this.#db.query<RolloutRow>("SELECT * FROM rollouts WHERE state != 'draft' ORDER BY id DESC LIMIT $1", [limit]));
  }

  /** Rollouts the service still has work in: not drafts, not completed. */
  async active(): Promise<Rollout[]> {
    // An aborted rollout whose last rollback is done has nothing left to drive.
    const rows = await this.#db.query<RolloutRow>(
      "SELECT * FROM rollouts WHERE state NOT IN ('draft', 'completed') AND NOT (state = 'aborted' AND finished_at IS NOT NULL) ORDER BY id",
      [],
      'rollouts.active',
    );
    return this.#toRollouts(rows);
  }

  async pausedFrom(id: number): Promise<RolloutState | null> {
    return (await this.#db.maybeOne<{ paused_from: RolloutState | null }>('SELECT paused_from FROM rollouts WHERE id = $1', [id]))?.paused_from ?? null;
  }

  async abortRollsBack(id: number): Promise<boolean> {
    return (await this.#db.maybeOne<{ abort_rollback: number }>('SELECT abort_rollback FROM rollouts WHERE id = $1', [id]))?.abort_rollback === 1;
  }

  async sites(id: number): Promise<RolloutTarget[]> {
    return (await this.#db.query<SiteRow>(`SELECT * FROM rollout_sites WHERE rollout_id = $1 ${ORDER_SITES}`, [id], 'rollouts.sites')).map(toSite);
  }

  async site(rolloutId: number, siteId: number): Promise<RolloutTarget | null> {
    const r = await this.#db.maybeOne<SiteRow>(HOT_ROLLOUT_SQL.site, [rolloutId, siteId], 'rollouts.site');
    return r ? toSite(r) : null;
  }

  /** Sites some rollout is waiting to hear from (openForSite of each would not be empty). */
  async sitesInOpenRollouts(): Promise<number[]> {
    const rows = await this.#db.query<{ site_id: number }>(
      `SELECT DISTINCT rs.site_id FROM rollout_sites rs JOIN rollouts r ON r.id = rs.rollout_id
       WHERE rs.state IN ('applying', 'applied', 'offline', 'rolling-back') AND r.state != 'draft'`,
      [],
      'rollouts.openSites',
    );
    return rows.map((r) => r.site_id);
  }

  /** A site's open parts in any rollout (applying, applied, offline, rolling back). */
  async openForSite(siteId: number): Promise<RolloutTarget[]> {
    return (await this.#db.query<SiteRow>(HOT_ROLLOUT_SQL.openForSite, [siteId], 'rollouts.openForSite')).map(toSite);
  }

  async diffs(id: number, summary: string | null, offset: number, limit: number): Promise<Array<RolloutTarget & { changeList: FieldChange[] }>> {
    const rows = await this.#db.query<SiteRow>(`SELECT * FROM rollout_sites WHERE rollout_id = $1 AND ($2::text IS NULL OR changes = $2) ${ORDER_SITES} LIMIT $3 OFFSET $4`, [id, summary, limit, offset]);
    return rows.map((r) => ({ ...toSite(r), changeList: JSON.parse(r.changes_json) as FieldChange[] }));
  }

  /**
   * The rollout read for a decision written in the same transaction: its row stays locked until
   * then, so two collectors' steps (or a step and a person's move) on one rollout take turns,
   * each deciding from what the other wrote.
   */
  async lock(id: number): Promise<Rollout | null> {
    const r = await this.#db.maybeOne<RolloutRow>('SELECT * FROM rollouts WHERE id = $1 FOR UPDATE', [id], 'rollouts.lock');
    return r ? this.#toRollout(r) : null;
  }

  /**
   * Moves a site's part if it is still in one of `from`; false when another hand moved it
   * first. `knownHash` records, in the same statement, the config the console now knows the
   * site by (after an apply or a rollback). A move ends any claim on the site; `heldBy` moves
   * it only while that owner's claim stands (a send settling what it claimed).
   */
  async moveSite(rolloutId: number, siteId: number, from: readonly RolloutSiteState[], patch: SitePatch, at: number, knownHash?: string, heldBy?: string): Promise<boolean> {
    const columns = sitePatchColumns(patch);
    const values: unknown[] = [rolloutId, siteId, [...from], knownHash ?? null, patch.state, at, heldBy ?? null, ...columns.map(([, v]) => v)];
    const sets = ['state = $5', 'updated_at = $6', 'owner = NULL', ...columns.map(([column], i) => `${column} = $${i + 8}`)];
    const row = await this.#db.one<{ n: number }>(
      `WITH moved AS (
         UPDATE rollout_sites SET ${sets.join(', ')} WHERE rollout_id = $1 AND site_id = $2 AND state = ANY($3::text[])
           AND ($7::text IS NULL OR owner = $7) RETURNING site_id),
       known AS (
         UPDATE site_config SET known_hash = $4 FROM moved WHERE $4::text IS NOT NULL AND site_config.site_id = moved.site_id)
       SELECT count(*) AS n FROM moved`,
      values,
    );
    return row.n > 0;
  }

  /**
   * Claims a site's step for `claim.owner` and moves it to `patch` (its state may stay), if it
   * is in one of `from` and no other live collector has claimed it; false otherwise. One
   * statement: of two collectors claiming at once, the second finds the row claimed.
   */
  async claimSite(rolloutId: number, siteId: number, from: readonly RolloutSiteState[], patch: SitePatch, at: number, claim: SiteClaim): Promise<boolean> {
    const columns = sitePatchColumns(patch);
    const values: unknown[] = [rolloutId, siteId, [...from], claim.owner, [...claim.keep], patch.state, at, ...columns.map(([, v]) => v)];
    const sets = ['state = $6', 'updated_at = $7', 'owner = $4', ...columns.map(([column], i) => `${column} = $${i + 8}`)];
    const n = await this.#db.run(
      `UPDATE rollout_sites SET ${sets.join(', ')} WHERE rollout_id = $1 AND site_id = $2 AND state = ANY($3::text[])
         AND (owner IS NULL OR NOT (owner = ANY($5::text[])))`,
      values,
    );
    return n > 0;
  }

  /** Moves every site of the rollout in `from` (of some waves, or some sites; null: all) to `patch`. */
  moveAll(rolloutId: number, from: readonly RolloutSiteState[], patch: SitePatch, at: number, waves: readonly number[] | null, siteIds?: readonly number[]): Promise<number> {
    const columns = sitePatchColumns(patch);
    const values: unknown[] = [rolloutId, [...from], waves ? [...waves] : null, siteIds ? [...siteIds] : null, patch.state, at, ...columns.map(([, v]) => v)];
    const sets = ['state = $5', 'updated_at = $6', 'owner = NULL', ...columns.map(([column], i) => `${column} = $${i + 7}`)];
    // One UPDATE: each row moves only from the state it is in, as SQLite's site-by-site loop does.
    return this.#db.run(
      `UPDATE rollout_sites SET ${sets.join(', ')} WHERE rollout_id = $1 AND state = ANY($2::text[])
       AND ($3::integer[] IS NULL OR wave = ANY($3::integer[])) AND ($4::bigint[] IS NULL OR site_id = ANY($4::bigint[]))`,
      values,
    );
  }

  async update(id: number, patch: RolloutPatch): Promise<void> {
    const columns = rolloutPatchColumns(patch);
    if (!columns.length) return;
    const values = columns.map(([, v]) => v);
    const placeholders = params(values, 1);
    await this.#db.run(`UPDATE rollouts SET ${columns.map(([c], i) => `${c} = ${placeholders[i] ?? ''}`).join(', ')} WHERE id = $1`, [id, ...values]);
  }

  async #toRollouts(rows: readonly RolloutRow[]): Promise<Rollout[]> {
    const out: Rollout[] = [];
    for (const r of rows) out.push(await this.#toRollout(r));
    return out;
  }

  async #toRollout(r: RolloutRow): Promise<Rollout> {
    const counts = await this.#db.query<{ state: RolloutSiteState; n: number }>('SELECT state, count(*) AS n FROM rollout_sites WHERE rollout_id = $1 GROUP BY state', [r.id], 'rollouts.counts');
    return toRollout(r, counts);
  }
}
