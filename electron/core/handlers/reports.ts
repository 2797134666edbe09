import type { CoreContext } from '../context.ts';
import { LineageHistory } from '../conversions/lineage.ts';
import type { Handlers } from '../dispatch.ts';

export function reportHandlers({ history, store }: CoreContext) {
  // A converted school's report spans both its URNs.
  const links = store.siteLinks;
  const lineage = new LineageHistory(history, () => links.links());
  return {
    'uptime.report': ({ range, groupBy, siteIds }) => lineage.uptime({ from: range.from, to: range.to, ...(groupBy ? { groupBy } : {}), ...(siteIds ? { siteIds } : {}) }),
    'uptime.series': ({ range, siteId, bucket }) => lineage.series({ siteId, from: range.from, to: range.to, bucket }),
  } satisfies Partial<Handlers>;
}
