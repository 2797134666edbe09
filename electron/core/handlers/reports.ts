import type { CoreContext } from '../context.ts';
import { LineageHistory } from '../conversions/lineage.ts';
import type { Handlers } from '../dispatch.ts';
import { SiteLinksRepo } from '../store/site-links-repo.ts';

export function reportHandlers({ history, db }: CoreContext) {
  // A converted school's report spans both its URNs.
  const links = new SiteLinksRepo(db);
  const lineage = new LineageHistory(history, () => links.links());
  return {
    'uptime.report': ({ range, groupBy, siteIds }) => lineage.uptime({ from: range.from, to: range.to, ...(groupBy ? { groupBy } : {}), ...(siteIds ? { siteIds } : {}) }),
    'uptime.series': ({ range, siteId, bucket }) => lineage.series({ siteId, from: range.from, to: range.to, bucket }),
  } satisfies Partial<Handlers>;
}
