// What confirming a conversion pair writes, decided purely from what was read; the repo applies
// it in one call (SiteLinksRepo.apply).
import type { ConversionPair } from '../../../shared/conversions.ts';
import type { GiasEstablishment } from '../../../shared/gias.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { RegisterEntry } from '../register/conversions.ts';
import { siteFromGias } from '../register/gias-plan.ts';
import type { CarryOver } from '../store/store.ts';

export function planCarryOver(pair: ConversionPair, academy: GiasEstablishment, predecessor: RegisterEntry, by: { actor: string; at: number }): CarryOver {
  if (pair.status !== 'ready') throw new AppFailure('conflict', `URN ${pair.predecessor.urn} → ${pair.successor.urn} cannot be confirmed: ${pair.note ?? pair.status}`);
  return {
    predecessorId: predecessor.siteId,
    successor:
      pair.successor.siteId === null
        ? {
            kind: 'create',
            site: siteFromGias(academy),
          }
        : { kind: 'fill', siteId: pair.successor.siteId },
    // The same server: how to reach it, and the team's own labels for it.
    reach: { host: predecessor.host, port: predecessor.port, user: predecessor.user, area: predecessor.area, tags: predecessor.tags, notes: predecessor.notes },
    link: { predecessorUrn: pair.predecessor.urn, successorUrn: pair.successor.urn, convertedOn: pair.convertedOn, evidence: pair.evidence, confirmedBy: by.actor, confirmedAt: by.at },
  };
}
