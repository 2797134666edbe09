// Key rotations and each site's part (migration 012). The service decides; this writes,
// one call per decision. A step names the states it may move from, so a resumed console
// and a retry can never both move a site; switching a site to the new credential and
// marking its part happen in one transaction.
import type { Rotation, RotationSite, RotationSiteState } from '../../../../shared/key-rotation.ts';
import type { Statement } from 'better-sqlite3';
import { toRotation, toRun, toSite, type NewRotation, type RotationRow, type RotationHold, type RotationRun, type SiteRow } from '../key-rotation-rows.ts';
import type { SiteClaim } from '../rollout-rows.ts';
import type { Db } from './db.ts';

export type { NewRotation, RotationHold, RotationRun } from '../key-rotation-rows.ts';

export class KeyRotationRepo {
  readonly #db: Db;
  readonly #s;
  /** `move` statements by how many states they may move from and whether a claim must stand. */
  readonly #moves = new Map<string, Statement>();

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      insert: db.prepare(`INSERT INTO key_rotations (old_credential_id, new_credential_id, old_name, new_name, old_fingerprint, new_fingerprint, state, actor, created_at)
        VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?)`),
      insertSite: db.prepare('INSERT INTO key_rotation_sites (rotation_id, site_id, site_name, state, message, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare<[number], RotationRow>('SELECT * FROM key_rotations WHERE id = ?'),
      list: db.prepare<[number], RotationRow>('SELECT * FROM key_rotations ORDER BY id DESC LIMIT ?'),
      running: db.prepare<[], RotationRow>("SELECT * FROM key_rotations WHERE state = 'running' ORDER BY id"),
      sites: db.prepare<[number], SiteRow>('SELECT * FROM key_rotation_sites WHERE rotation_id = ? ORDER BY site_name, site_id'),
      counts: db.prepare<[number], { state: RotationSiteState; n: number }>('SELECT state, COUNT(*) AS n FROM key_rotation_sites WHERE rotation_id = ? GROUP BY state'),
      open: db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM key_rotation_sites WHERE rotation_id = ? AND state NOT IN ('done', 'failed', 'too-old', 'cannot')"),
      finish: db.prepare("UPDATE key_rotations SET state = 'completed', finished_at = ? WHERE id = ? AND state = 'running'"),
      switchCredential: db.prepare('INSERT INTO site_poll (site_id, credential_id) VALUES (?, ?) ON CONFLICT (site_id) DO UPDATE SET credential_id = excluded.credential_id'),
    };
  }

  /** The rotation and every site's part, all or nothing. */
  create(r: NewRotation): number {
    return this.#db.transaction(() => {
      const id = Number(this.#s.insert.run(r.oldCredentialId, r.newCredentialId, r.oldName, r.newName, r.oldFingerprint, r.newFingerprint, r.actor, r.createdAt).lastInsertRowid);
      for (const s of r.sites) this.#s.insertSite.run(id, s.siteId, s.name, s.state, s.message, r.createdAt);
      return id;
    })();
  }

  running(): RotationRun[] {
    return this.#s.running.all().map(toRun);
  }

  run(id: number): RotationRun | null {
    const r = this.#s.get.get(id);
    return r ? toRun(r) : null;
  }

  /**
   * Moves a site's part to `state` if it is in one of `from`; false when another hand moved it
   * first. With `held`, only while that owner's claim stands, ending it if `release`.
   */
  move(rotationId: number, siteId: number, from: readonly RotationSiteState[], state: RotationSiteState, message: string | null, at: number, held?: RotationHold): boolean {
    const key = `${from.length}:${held === undefined ? '' : held.release ? 'release' : 'keep'}`;
    let stmt = this.#moves.get(key);
    if (!stmt) {
      const owner = held?.release ? ', owner = NULL' : '';
      const guard = held === undefined ? '' : ' AND owner = ?';
      stmt = this.#db.prepare(`UPDATE key_rotation_sites SET state = ?, message = ?, updated_at = ?${owner} WHERE rotation_id = ? AND site_id = ? AND state IN (${from.map(() => '?').join(', ')})${guard}`);
      this.#moves.set(key, stmt);
    }
    const r = stmt.run(state, message, at, rotationId, siteId, ...from, ...(held === undefined ? [] : [held.by]));
    return r.changes === 1;
  }

  /** Claims a site's part for `claim.owner` if it is in one of `from` and no other live collector holds it. */
  claim(rotationId: number, siteId: number, from: readonly RotationSiteState[], claim: SiteClaim): boolean {
    const sql = `UPDATE key_rotation_sites SET owner = ? WHERE rotation_id = ? AND site_id = ? AND state IN (${from.map(() => '?').join(', ')})
      AND (owner IS NULL OR owner NOT IN (SELECT value FROM json_each(?)))`;
    return this.#db.prepare(sql).run(claim.owner, rotationId, siteId, ...from, JSON.stringify(claim.keep)).changes === 1;
  }

  /** Ends `owner`'s claim on a site's part, leaving its state as it is. */
  release(rotationId: number, siteId: number, owner: string): boolean {
    return this.#db.prepare('UPDATE key_rotation_sites SET owner = NULL WHERE rotation_id = ? AND site_id = ? AND owner = ?').run(rotationId, siteId, owner).changes === 1;
  }

  /**
   * The site logs in with the new credential from now on, and its part moves to `removing`: one
   * transaction; with `heldBy`, only while that owner's claim stands.
   */
  switchToNew(rotationId: number, siteId: number, credentialId: number, at: number, heldBy?: string): boolean {
    return this.#db.transaction(() => {
      if (!this.move(rotationId, siteId, ['proving'], 'removing', null, at, heldBy === undefined ? undefined : { by: heldBy, release: false })) return false;
      this.#s.switchCredential.run(siteId, credentialId);
      return true;
    })();
  }

  /** Completes the rotation when no site's part is still open; true when it did. */
  finishIfDone(id: number, at: number): boolean {
    return this.#db.transaction(() => (this.#s.open.get(id)?.n ?? 0) === 0 && this.#s.finish.run(at, id).changes === 1)();
  }

  sites(id: number): RotationSite[] {
    return this.#s.sites.all(id).map(toSite);
  }

  rotation(id: number): Rotation | null {
    const r = this.#s.get.get(id);
    return r ? this.#toRotation(r) : null;
  }

  list(limit: number): Rotation[] {
    return this.#s.list.all(limit).map((r) => this.#toRotation(r));
  }

  #toRotation(r: RotationRow): Rotation {
    return toRotation(r, this.#s.counts.all(r.id));
  }
}
