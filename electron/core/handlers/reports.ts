import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function reportHandlers({ history }: CoreContext) {
  return {
    'uptime.report': ({ range, groupBy, siteIds }) => history.uptime({ from: range.from, to: range.to, ...(groupBy ? { groupBy } : {}), ...(siteIds ? { siteIds } : {}) }),
    'uptime.series': ({ range, siteId, bucket }) => history.series({ siteId, from: range.from, to: range.to, bucket }),
  } satisfies Partial<Handlers>;
}
