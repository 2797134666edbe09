import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

const DAY = 86_400_000;

export function incidentHandlers({ incidentQueries, clock }: CoreContext) {
  return {
    'incidents.list': ({ state, siteId, limit }) => {
      if (siteId !== undefined) return incidentQueries.recentForSite(siteId, limit);
      if (state === 'open') return [...incidentQueries.openFleet(), ...incidentQueries.open()].slice(0, limit);
      const now = clock.now();
      return [...incidentQueries.fleetInRange(now - 90 * DAY, now, limit), ...incidentQueries.inRange(now - 90 * DAY, now, limit)].slice(0, limit);
    },
  } satisfies Partial<Handlers>;
}
