// Key rotation rows as both backends read them.
import { ROTATION_SITE_STATES, type Rotation, type RotationSite, type RotationSiteState } from '../../../shared/key-rotation.ts';

export interface NewRotation {
  oldCredentialId: number;
  newCredentialId: number;
  oldName: string;
  newName: string;
  oldFingerprint: string;
  newFingerprint: string;
  actor: string;
  createdAt: number;
  sites: { siteId: number; name: string; state: RotationSiteState; message: string | null }[];
}

/** A running rotation as the executor needs it. */
export interface RotationRun {
  id: number;
  oldCredentialId: number;
  newCredentialId: number;
  oldFingerprint: string;
  newFingerprint: string;
  actor: string;
  createdAt: number;
}

/** A move made under a claim: it happens only while `by`'s claim stands, and ends it if `release`. */
export interface RotationHold {
  by: string;
  release: boolean;
}

export interface RotationRow {
  id: number;
  old_credential_id: number;
  new_credential_id: number;
  old_name: string;
  new_name: string;
  old_fingerprint: string;
  new_fingerprint: string;
  state: 'running' | 'completed';
  actor: string;
  created_at: number;
  finished_at: number | null;
}
export interface SiteRow { rotation_id: number; site_id: number; site_name: string; state: RotationSiteState; message: string | null; updated_at: number }

export const toRun = (r: RotationRow): RotationRun => ({
  id: r.id,
  oldCredentialId: r.old_credential_id,
  newCredentialId: r.new_credential_id,
  oldFingerprint: r.old_fingerprint,
  newFingerprint: r.new_fingerprint,
  actor: r.actor,
  createdAt: r.created_at,
});
export const toSite = (r: SiteRow): RotationSite => ({ siteId: r.site_id, name: r.site_name, state: r.state, message: r.message, updatedAt: r.updated_at });

/** A rotation with every state counted, zero for states no site is in. */
export function toRotation(r: RotationRow, byState: readonly { state: RotationSiteState; n: number }[]): Rotation {
  const counts = Object.fromEntries(ROTATION_SITE_STATES.map((s) => [s, 0])) as Record<RotationSiteState, number>;
  for (const c of byState) counts[c.state] = c.n;
  return { id: r.id, oldName: r.old_name, newName: r.new_name, state: r.state, actor: r.actor, createdAt: r.created_at, finishedAt: r.finished_at, counts };
}
