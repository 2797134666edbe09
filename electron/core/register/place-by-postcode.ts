// Pure: an approximate map position for a school GIAS left off the map, from registered
// schools nearby by postcode: the middle of those in the same sector ("WM4 2"), else the same
// district ("WM4"). No network lookups: only what the register already knows.
import { postcodeParts } from '../../../shared/register.ts';
import type { Site } from '../../../shared/site.ts';

export interface PostcodeEstimate {
  latitude: number;
  longitude: number;
  /** What it rests on, to tell the person it is approximate. */
  basis: string;
  from: number;
}

export function estimateFromPostcode(site: Pick<Site, 'id' | 'postcode'>, register: readonly Site[]): PostcodeEstimate | null {
  const parts = postcodeParts(site.postcode);
  if (!parts) return null;
  // Only positions that came from GIAS or a person: an estimate never feeds another estimate.
  const placed = register.filter((s) => s.id !== site.id && s.archivedAt === null && !s.demo && s.latitude !== null && s.longitude !== null && s.locationSource !== 'postcode');
  for (const [level, key] of [['sector', parts.sector], ['district', parts.district]] as const) {
    const near = placed.filter((s) => {
      const p = postcodeParts(s.postcode);
      return p !== null && (level === 'sector' ? p.sector : p.district) === key;
    });
    if (!near.length) continue;
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1e6) / 1e6;
    return {
      latitude: mean(near.map((s) => s.latitude ?? 0)),
      longitude: mean(near.map((s) => s.longitude ?? 0)),
      basis: `approximate: the middle of ${near.length} registered school${near.length === 1 ? '' : 's'} in postcode ${level} ${key}`,
      from: near.length,
    };
  }
  return null;
}
