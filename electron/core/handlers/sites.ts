import type { Handlers } from '../dispatch.ts';
import type { CoreContext } from '../context.ts';
import { SiteRegister } from '../sites/site-register.ts';

export function sitesHandlers(ctx: CoreContext) {
  const { sites, events } = ctx;
  const register = new SiteRegister(ctx);
  return {
    'sites.list': () => sites.list(),
    'sites.archived': () => sites.listArchived(),
    'sites.get': ({ id }) => sites.get(id),
    'sites.create': async ({ site }, context) => {
      const created = await register.create(site, context);
      events.emit('sites.changed', { reason: 'created', ids: [created.id] });
      return created;
    },
    'sites.update': async ({ id, site }, context) => {
      const updated = await register.update(id, site, context);
      events.emit('sites.changed', { reason: 'updated', ids: [id] });
      return updated;
    },
    'sites.remove': async ({ id }, context) => {
      const { closedIncidentId } = await register.archive(id, context);
      events.emit('sites.changed', { reason: 'removed', ids: [id] });
      if (closedIncidentId !== null) events.emit('incidents.changed', {});
      return { removed: true as const };
    },
    'sites.restore': async ({ id }, context) => {
      const restored = await register.restore(id, context);
      events.emit('sites.changed', { reason: 'restored', ids: [id] });
      return restored;
    },
  } satisfies Partial<Handlers>;
}
