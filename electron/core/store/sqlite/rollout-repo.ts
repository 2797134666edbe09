// Rollouts and each site's part in them. Every change to a site's part names the states it
// may come from, so two hands (a tick and a poll, or a console that restarted) can never
// both move it: the loser's write changes nothing. The rollout service decides; this writes.
import type { FieldChange } from '../../../../shared/fleet-config.ts';
import type { Rollout, RolloutPlanInput, RolloutSiteState, RolloutState } from '../../../../shared/rollouts.ts';
import { rolloutPatchColumns, sitePatchColumns, toRollout, toSite, type NewRolloutSite, type RolloutPatch, type RolloutRow, type RolloutTarget, type SiteClaim, type SitePatch, type SiteRow } from '../rollout-rows.ts';
import type { Db } from './db.ts';

export type { NewRolloutSite, RolloutPatch, RolloutTarget, SiteClaim, SitePatch } from '../rollout-rows.ts';

export class RolloutRepo {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      insert: db.prepare(
        `INSERT INTO rollouts (name, template, template_version, plan_json, state, actor, created_at, waves, skipped_json) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
      ),
      insertSite: db.prepare(
        `INSERT INTO rollout_sites (rollout_id, site_id, site_name, urn, wave, state, from_hash, to_hash, config_json, template_version, changes, changes_json, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare<[number], RolloutRow>('SELECT * FROM rollouts WHERE id = ?'),
      list: db.prepare<[number], RolloutRow>("SELECT * FROM rollouts WHERE state != 'draft' ORDER BY id DESC LIMIT ?"),
      // An aborted rollout whose last rollback is done has nothing left to drive.
      active: db.prepare<[], RolloutRow>("SELECT * FROM rollouts WHERE state NOT IN ('draft', 'completed') AND NOT (state = 'aborted' AND finished_at IS NOT NULL) ORDER BY id"),
      counts: db.prepare<[number], { state: RolloutSiteState; n: number }>('SELECT state, count(*) AS n FROM rollout_sites WHERE rollout_id = ? GROUP BY state'),
      sites: db.prepare<[number], SiteRow>('SELECT * FROM rollout_sites WHERE rollout_id = ? ORDER BY wave, site_name, site_id'),
      site: db.prepare<[number, number], SiteRow>('SELECT * FROM rollout_sites WHERE rollout_id = ? AND site_id = ?'),
      ofSite: db.prepare<[number], SiteRow>(
        `SELECT rs.* FROM rollout_sites rs JOIN rollouts r ON r.id = rs.rollout_id
         WHERE rs.site_id = ? AND rs.state IN ('applying', 'applied', 'offline', 'rolling-back') AND r.state != 'draft'`,
      ),
      // The partial index rollout_sites_open (migration 016) keeps this small however many rollouts there were.
      openSites: db.prepare<[], { site_id: number }>(
        `SELECT DISTINCT rs.site_id FROM rollout_sites rs JOIN rollouts r ON r.id = rs.rollout_id
         WHERE rs.state IN ('applying', 'applied', 'offline', 'rolling-back') AND r.state != 'draft'`,
      ),
      diffs: db.prepare<[number, string | null, string | null, number, number], SiteRow>(
        'SELECT * FROM rollout_sites WHERE rollout_id = ? AND (? IS NULL OR changes = ?) ORDER BY wave, site_name, site_id LIMIT ? OFFSET ?',
      ),
      deleteDraft: db.prepare("DELETE FROM rollouts WHERE id = ? AND state = 'draft'"),
      staleDrafts: db.prepare("DELETE FROM rollouts WHERE state = 'draft' AND created_at < ?"),
      setKnown: db.prepare('UPDATE site_config SET known_hash = ? WHERE site_id = ?'),
    };
  }

  createDraft(r: { name: string; template: string; templateVersion: number; plan: RolloutPlanInput; actor: string; at: number; waves: number; skipped: Rollout['skipped']; sites: readonly NewRolloutSite[] }): number {
    return this.#db.transaction(() => {
      // Drafts nobody started are dropped after a day.
      this.#s.staleDrafts.run(r.at - 86_400_000);
      const id = Number(this.#s.insert.run(r.name, r.template, r.templateVersion, JSON.stringify(r.plan), r.actor, r.at, r.waves, JSON.stringify(r.skipped)).lastInsertRowid);
      for (const s of r.sites) {
        this.#s.insertSite.run(id, s.siteId, s.siteName, s.urn, s.wave, s.fromHash, s.toHash, JSON.stringify(s.config), s.templateVersion, s.changes, JSON.stringify(s.changeList), r.at);
      }
      return id;
    })();
  }

  discardDraft(id: number): boolean {
    return this.#s.deleteDraft.run(id).changes > 0;
  }

  get(id: number): Rollout | null {
    const r = this.#s.get.get(id);
    return r ? this.#toRollout(r) : null;
  }

  list(limit: number): Rollout[] {
    return this.#s.list.all(limit).map((r) => this.#toRollout(r));
  }

  /** Rollouts the service still has work in: not drafts, not completed. */
  active(): Rollout[] {
    return this.#s.active.all().map((r) => this.#toRollout(r));
  }

  pausedFrom(id: number): RolloutState | null {
    return this.#s.get.get(id)?.paused_from ?? null;
  }

  abortRollsBack(id: number): boolean {
    return (this.#s.get.get(id)?.abort_rollback ?? 0) === 1;
  }

  sites(id: number): RolloutTarget[] {
    return this.#s.sites.all(id).map(toSite);
  }

  site(rolloutId: number, siteId: number): RolloutTarget | null {
    const r = this.#s.site.get(rolloutId, siteId);
    return r ? toSite(r) : null;
  }

  /** A site's open parts in any rollout (applying, applied, offline, rolling back). */
  /** Sites some rollout is waiting to hear from (openForSite of each would not be empty). */
  sitesInOpenRollouts(): number[] {
    return this.#s.openSites.all().map((r) => r.site_id);
  }

  openForSite(siteId: number): RolloutTarget[] {
    return this.#s.ofSite.all(siteId).map(toSite);
  }

  diffs(id: number, summary: string | null, offset: number, limit: number): Array<RolloutTarget & { changeList: FieldChange[] }> {
    return this.#s.diffs.all(id, summary, summary, limit, offset).map((r) => ({ ...toSite(r), changeList: JSON.parse(r.changes_json) as FieldChange[] }));
  }

  /**
   * The rollout read for a decision that is written in the same transaction. BEGIN IMMEDIATE
   * already holds the database's write lock, so no other step can read it meanwhile.
   */
  lock(id: number): Rollout | null {
    return this.get(id);
  }

  /**
   * Moves a site's part if it is still in one of `from`; false when another hand moved it
   * first. `knownHash` records, in the same write, the config the console now knows the
   * site by (after an apply or a rollback). A move ends any claim on the site; `heldBy` moves
   * it only while that owner's claim stands (a send settling what it claimed).
   */
  moveSite(rolloutId: number, siteId: number, from: readonly RolloutSiteState[], patch: SitePatch, at: number, knownHash?: string, heldBy?: string): boolean {
    const columns = sitePatchColumns(patch);
    const sets = ['state = ?', 'updated_at = ?', 'owner = NULL', ...columns.map(([column]) => `${column} = ?`)];
    const values: Array<string | number | null> = [patch.state, at, ...columns.map(([, v]) => v)];
    const held = heldBy === undefined ? '' : ' AND owner = ?';
    const sql = `UPDATE rollout_sites SET ${sets.join(', ')} WHERE rollout_id = ? AND site_id = ? AND state IN (${from.map(() => '?').join(', ')})${held}`;
    return this.#db.transaction(() => {
      const moved = this.#db.prepare(sql).run(...values, rolloutId, siteId, ...from, ...(heldBy === undefined ? [] : [heldBy])).changes > 0;
      if (moved && knownHash !== undefined) this.#s.setKnown.run(knownHash, siteId);
      return moved;
    })();
  }

  /**
   * Claims a site's step for `claim.owner` and moves it to `patch` (its state may stay), if it
   * is in one of `from` and no other live collector has claimed it; false otherwise.
   */
  claimSite(rolloutId: number, siteId: number, from: readonly RolloutSiteState[], patch: SitePatch, at: number, claim: SiteClaim): boolean {
    const columns = sitePatchColumns(patch);
    const sets = ['state = ?', 'updated_at = ?', 'owner = ?', ...columns.map(([column]) => `${column} = ?`)];
    const sql = `UPDATE rollout_sites SET ${sets.join(', ')} WHERE rollout_id = ? AND site_id = ? AND state IN (${from.map(() => '?').join(', ')})
      AND (owner IS NULL OR owner NOT IN (SELECT value FROM json_each(?)))`;
    return this.#db.prepare(sql).run(patch.state, at, claim.owner, ...columns.map(([, v]) => v), rolloutId, siteId, ...from, JSON.stringify(claim.keep)).changes > 0;
  }

  /** Moves every site of the rollout in `from` (of some waves, or some sites; null: all) to `patch`. */
  moveAll(rolloutId: number, from: readonly RolloutSiteState[], patch: SitePatch, at: number, waves: readonly number[] | null, siteIds?: readonly number[]): number {
    const only = siteIds ? new Set(siteIds) : null;
    return this.#db.transaction(() => {
      let n = 0;
      for (const s of this.#s.sites.all(rolloutId)) {
        if (!from.includes(s.state) || (waves && !waves.includes(s.wave)) || (only && !only.has(s.site_id))) continue;
        if (this.moveSite(rolloutId, s.site_id, [s.state], patch, at)) n++;
      }
      return n;
    })();
  }

  update(id: number, patch: RolloutPatch): void {
    const columns = rolloutPatchColumns(patch);
    if (columns.length) this.#db.prepare(`UPDATE rollouts SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...columns.map(([, v]) => v), id);
  }

  #toRollout(r: RolloutRow): Rollout {
    return toRollout(r, this.#s.counts.all(r.id));
  }
}
