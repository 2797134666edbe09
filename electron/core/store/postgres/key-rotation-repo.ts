// Key rotations and each site's part, on PostgreSQL. A step names the states it may move from,
// so a resumed console and a retry can never both move a site; switching a site to the new
// credential and marking its part are one statement.
import type { Rotation, RotationSite, RotationSiteState } from '../../../../shared/key-rotation.ts';
import { toRotation, toRun, toSite, type NewRotation, type RotationRow, type RotationHold, type RotationRun, type SiteRow } from '../key-rotation-rows.ts';
import type { SiteClaim } from '../rollout-rows.ts';
import type { PgDb } from './pg-db.ts';

// $7: the owner whose claim must stand (null: any); $8: whether the move ends that claim.
const MOVE = `UPDATE key_rotation_sites SET state = $1, message = $2, updated_at = $3, owner = CASE WHEN $8::boolean THEN NULL ELSE owner END
  WHERE rotation_id = $4 AND site_id = $5 AND state = ANY($6::text[]) AND ($7::text IS NULL OR owner = $7)`;

export class PgKeyRotationRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** The rotation and every site's part, all or nothing. */
  create(r: NewRotation): Promise<number> {
    return this.#db.transaction(async () => {
      const { id } = await this.#db.one<{ id: number }>(
        `INSERT INTO key_rotations (old_credential_id, new_credential_id, old_name, new_name, old_fingerprint, new_fingerprint, state, actor, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8) RETURNING id`,
        [r.oldCredentialId, r.newCredentialId, r.oldName, r.newName, r.oldFingerprint, r.newFingerprint, r.actor, r.createdAt],
      );
      await this.#db.run(
        `INSERT INTO key_rotation_sites (rotation_id, site_id, site_name, state, message, updated_at)
         SELECT $1, u.site_id, u.site_name, u.state, u.message, $2 FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[]) AS u (site_id, site_name, state, message)`,
        [id, r.createdAt, r.sites.map((s) => s.siteId), r.sites.map((s) => s.name), r.sites.map((s) => s.state), r.sites.map((s) => s.message)],
      );
      return id;
    });
  }

  async running(): Promise<RotationRun[]> {
    return (await this.#db.query<RotationRow>("SELECT * FROM key_rotations WHERE state = 'running' ORDER BY id", [], 'keyRotations.running')).map(toRun);
  }

  async run(id: number): Promise<RotationRun | null> {
    const r = await this.#db.maybeOne<RotationRow>('SELECT * FROM key_rotations WHERE id = $1', [id], 'keyRotations.get');
    return r ? toRun(r) : null;
  }

  /**
   * Moves a site's part to `state` if it is in one of `from`; false when another hand moved it
   * first. With `held`, only while that owner's claim stands, ending it if `release`.
   */
  async move(rotationId: number, siteId: number, from: readonly RotationSiteState[], state: RotationSiteState, message: string | null, at: number, held?: RotationHold): Promise<boolean> {
    return (await this.#db.run(MOVE, [state, message, at, rotationId, siteId, [...from], held?.by ?? null, held?.release ?? false], 'keyRotations.move')) === 1;
  }

  /** Claims a site's part for `claim.owner` if it is in one of `from` and no other live collector holds it. */
  async claim(rotationId: number, siteId: number, from: readonly RotationSiteState[], claim: SiteClaim): Promise<boolean> {
    const n = await this.#db.run(
      `UPDATE key_rotation_sites SET owner = $3 WHERE rotation_id = $1 AND site_id = $2 AND state = ANY($4::text[])
         AND (owner IS NULL OR NOT (owner = ANY($5::text[])))`,
      [rotationId, siteId, claim.owner, [...from], [...claim.keep]],
      'keyRotations.claim',
    );
    return n === 1;
  }

  /** Ends `owner`'s claim on a site's part, leaving its state as it is. */
  async release(rotationId: number, siteId: number, owner: string): Promise<boolean> {
    return (await this.#db.run('UPDATE key_rotation_sites SET owner = NULL WHERE rotation_id = $1 AND site_id = $2 AND owner = $3', [rotationId, siteId, owner])) === 1;
  }

  /**
   * The site logs in with the new credential from now on, and its part moves to `removing`: one
   * statement; with `heldBy`, only while that owner's claim stands.
   */
  async switchToNew(rotationId: number, siteId: number, credentialId: number, at: number, heldBy?: string): Promise<boolean> {
    const row = await this.#db.one<{ n: number }>(
      `WITH moved AS (
         UPDATE key_rotation_sites SET state = 'removing', message = NULL, updated_at = $3
         WHERE rotation_id = $1 AND site_id = $2 AND state = 'proving' AND ($5::text IS NULL OR owner = $5) RETURNING site_id),
       switched AS (
         INSERT INTO site_poll (site_id, credential_id) SELECT site_id, $4 FROM moved ON CONFLICT (site_id) DO UPDATE SET credential_id = excluded.credential_id)
       SELECT count(*) AS n FROM moved`,
      [rotationId, siteId, at, credentialId, heldBy ?? null],
      'keyRotations.switchToNew',
    );
    return row.n === 1;
  }

  /** Completes the rotation when no site's part is still open; true when it did. */
  async finishIfDone(id: number, at: number): Promise<boolean> {
    const changed = await this.#db.run(
      `UPDATE key_rotations SET state = 'completed', finished_at = $1 WHERE id = $2 AND state = 'running'
       AND NOT EXISTS (SELECT 1 FROM key_rotation_sites WHERE rotation_id = $2 AND state NOT IN ('done', 'failed', 'too-old', 'cannot'))`,
      [at, id],
    );
    return changed === 1;
  }

  async sites(id: number): Promise<RotationSite[]> {
    return (await this.#db.query<SiteRow>('SELECT * FROM key_rotation_sites WHERE rotation_id = $1 ORDER BY site_name, site_id', [id], 'keyRotations.sites')).map(toSite);
  }

  async rotation(id: number): Promise<Rotation | null> {
    const r = await this.#db.maybeOne<RotationRow>('SELECT * FROM key_rotations WHERE id = $1', [id], 'keyRotations.get');
    return r ? this.#toRotation(r) : null;
  }

  async list(limit: number): Promise<Rotation[]> {
    const rows = await this.#db.query<RotationRow>('SELECT * FROM key_rotations ORDER BY id DESC LIMIT $1', [limit]);
    const out: Rotation[] = [];
    for (const r of rows) out.push(await this.#toRotation(r));
    return out;
  }

  async #toRotation(r: RotationRow): Promise<Rotation> {
    const counts = await this.#db.query<{ state: RotationSiteState; n: number }>('SELECT state, count(*) AS n FROM key_rotation_sites WHERE rotation_id = $1 GROUP BY state', [r.id], 'keyRotations.counts');
    return toRotation(r, counts);
  }
}
