import type { Handlers } from '../dispatch.ts';
import type { CoreContext } from '../context.ts';

export function sitesHandlers({ sites, events }: CoreContext) {
  return {
    'sites.list': () => sites.list(),
    'sites.get': ({ id }) => sites.get(id),
    'sites.create': ({ site }) => {
      const created = sites.create(site);
      events.emit('sites.changed', { reason: 'created', ids: [created.id] });
      return created;
    },
    'sites.update': ({ id, site }) => {
      const updated = sites.update(id, site);
      events.emit('sites.changed', { reason: 'updated', ids: [id] });
      return updated;
    },
    'sites.remove': ({ id }) => {
      sites.remove(id);
      events.emit('sites.changed', { reason: 'removed', ids: [id] });
      return { removed: true as const };
    },
  } satisfies Partial<Handlers>;
}
