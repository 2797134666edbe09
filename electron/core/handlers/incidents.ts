import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

const DAY = 86_400_000;

export function incidentHandlers({ incidentQueries, incidentHandling, ttrReports, clock, events, audit }: CoreContext) {
  const changed = <T>(value: T): T => {
    events.emit('incidents.changed', {});
    return value;
  };
  return {
    'incidents.list': ({ state, siteId, limit }) => {
      if (siteId !== undefined) return incidentQueries.recentForSite(siteId, limit);
      if (state === 'open') return [...incidentQueries.openFleet(), ...incidentQueries.open()].slice(0, limit);
      const now = clock.now();
      return [...incidentQueries.fleetInRange(now - 90 * DAY, now, limit), ...incidentQueries.inRange(now - 90 * DAY, now, limit)].slice(0, limit);
    },
    'incidents.acknowledge': ({ id, by }) => {
      const incident = incidentHandling.acknowledge(id, { by });
      audit.record({ at: clock.now(), actor: by, action: 'incident.acknowledge', siteId: incident.kind === 'site' ? incident.siteId : null, target: incident.title, detail: { id }, outcome: 'ok' });
      return changed(incident);
    },
    'incidents.assign': ({ id, assignee }) => changed(incidentHandling.assign(id, { assignee })),
    'incidents.addNote': ({ id, author, text }) => changed(incidentHandling.addNote(id, { author, text })),
    'incidents.notes': ({ id }) => incidentHandling.notes(id),
    'incidents.ttr': ({ from, to, groupBy }) => ttrReports.report(from, to, groupBy),
  } satisfies Partial<Handlers>;
}
