import type { AnyIncident } from '../../../shared/incidents.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

const DAY = 86_400_000;

const siteOf = (incident: AnyIncident): number | null => (incident.kind === 'site' ? incident.siteId : null);

export function incidentHandlers({ store, incidentQueries, incidentHandling, clock, events, audit }: CoreContext) {
  const changed = <T>(value: T): T => {
    events.emit('incidents.changed', {});
    return value;
  };
  // The change and its audit entry commit together: no acknowledgement without its record.
  const audited = <T>(work: () => T, entry: (value: T) => { actor: string; action: string; incident: AnyIncident; detail: Record<string, unknown> }): T =>
    store.withTransaction(() => {
      const value = work();
      const { actor, action, incident, detail } = entry(value);
      audit.record({ at: clock.now(), actor, action, siteId: siteOf(incident), target: incident.title, detail, outcome: 'ok' });
      return value;
    });
  return {
    'incidents.list': ({ state, siteId, limit }) => {
      if (siteId !== undefined) return incidentQueries.recentForSite(siteId, limit);
      if (state === 'open') return [...incidentQueries.openFleet(), ...incidentQueries.open()].slice(0, limit);
      const now = clock.now();
      return [...incidentQueries.fleetInRange(now - 90 * DAY, now, limit), ...incidentQueries.inRange(now - 90 * DAY, now, limit)].slice(0, limit);
    },
    'incidents.acknowledge': ({ id }, { actor }) =>
      changed(audited(() => incidentHandling.acknowledge(id, { by: actor }), (incident) => ({ actor, action: 'incident.acknowledge', incident, detail: { id } }))),
    'incidents.assign': ({ id, assignee }, { actor }) =>
      changed(
        audited(
          () => ({ before: incidentHandling.get(id).assignee, after: incidentHandling.assign(id, { assignee }) }),
          ({ before, after }) => ({ actor, action: 'incident.assign', incident: after, detail: { id, assignee: after.assignee, previous: before } }),
        ).after,
      ),
    'incidents.addNote': ({ id, text }, { actor }) =>
      changed(
        audited(
          () => ({ note: incidentHandling.addNote(id, { author: actor, text }), incident: incidentHandling.get(id) }),
          ({ note, incident }) => ({ actor, action: 'incident.note', incident, detail: { id, noteId: note.id, text: note.text } }),
        ).note,
      ),
    'incidents.notes': ({ id }) => incidentHandling.notes(id),
    'incidents.ttr': ({ from, to, groupBy }) => store.ttr.report(from, to, groupBy),
  } satisfies Partial<Handlers>;
}
