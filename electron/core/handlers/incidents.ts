import type { AnyIncident } from '../../../shared/incidents.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

const DAY = 86_400_000;

const siteOf = (incident: AnyIncident): number | null => (incident.kind === 'site' ? incident.siteId : null);

export function incidentHandlers({ store, incidentQueries, incidentHandling, clock, events }: CoreContext) {
  const changed = <T>(value: T): T => {
    events.emit('incidents.changed', {});
    return value;
  };
  // The change and its audit entry commit together: no acknowledgement without its record.
  const audited = <T>(work: () => Promise<T>, entry: (value: T) => { actor: string; action: string; incident: AnyIncident; detail: Record<string, unknown> }): Promise<T> =>
    store.withTransaction(async (tx) => {
      const value = await work();
      const { actor, action, incident, detail } = entry(value);
      await tx.audit.record({ at: clock.now(), actor, action, siteId: siteOf(incident), target: incident.title, detail, outcome: 'ok' });
      return value;
    });
  return {
    'incidents.list': async ({ state, siteId, limit }) => {
      if (siteId !== undefined) return incidentQueries.recentForSite(siteId, limit);
      if (state === 'open') return [...(await incidentQueries.openFleet()), ...(await incidentQueries.open())].slice(0, limit);
      const now = clock.now();
      return [...(await incidentQueries.fleetInRange(now - 90 * DAY, now, limit)), ...(await incidentQueries.inRange(now - 90 * DAY, now, limit))].slice(0, limit);
    },
    'incidents.acknowledge': async ({ id }, { actor }) =>
      changed(await audited(() => incidentHandling.acknowledge(id, { by: actor }), (incident) => ({ actor, action: 'incident.acknowledge', incident, detail: { id } }))),
    'incidents.assign': async ({ id, assignee }, { actor }) =>
      changed(
        (
          await audited(
            async () => ({ before: (await incidentHandling.get(id)).assignee, after: await incidentHandling.assign(id, { assignee }) }),
            ({ before, after }) => ({ actor, action: 'incident.assign', incident: after, detail: { id, assignee: after.assignee, previous: before } }),
          )
        ).after,
      ),
    'incidents.addNote': async ({ id, text }, { actor }) =>
      changed(
        (
          await audited(
            async () => {
              const note = await incidentHandling.addNote(id, { author: actor, text });
              return { note, incident: await incidentHandling.get(id) };
            },
            ({ note, incident }) => ({ actor, action: 'incident.note', incident, detail: { id, noteId: note.id, text: note.text } }),
          )
        ).note,
      ),
    'incidents.notes': ({ id }) => incidentHandling.notes(id),
    'incidents.ttr': ({ from, to, groupBy }) => store.ttr.report(from, to, groupBy),
  } satisfies Partial<Handlers>;
}
