// "Formerly URN 141043 (converted 01-09-2021)": a converted school's earlier URN, whose history
// the timeline and reports include, or, on the old site, where the school went.
import { useEffect, useState } from 'react';
import { giasDate, type SiteLineage as Lineage } from '../../../../shared/conversions.ts';
import { useApi } from '../../api/api-context.tsx';
import { routeHref, siteRoute } from '../../app/router.ts';

const converted = (on: string | null) => (on ? ` (converted ${giasDate(on)})` : '');

export function SiteLineage({ siteId }: { siteId: number }) {
  const api = useApi();
  const [lineage, setLineage] = useState<Lineage | null>(null);
  useEffect(() => {
    let live = true;
    void api.call('site.lineage', { id: siteId }).then((r) => {
      if (live && r.ok) setLineage(r.data);
    });
    return () => {
      live = false;
    };
  }, [api, siteId]);
  if (!lineage || (lineage.predecessors.length === 0 && !lineage.successor)) return null;
  return (
    <div className="sd-lineage" data-testid="site-lineage">
      {lineage.predecessors.map((p) => (
        <p key={p.siteId}>
          <a href={routeHref(siteRoute(p.siteId))}>Formerly URN {p.urn}</a>
          {converted(p.convertedOn)}
        </p>
      ))}
      {lineage.successor && (
        <p>
          Now <a href={routeHref(siteRoute(lineage.successor.siteId))}>URN {lineage.successor.urn}</a>
          {converted(lineage.successor.convertedOn)}
        </p>
      )}
    </div>
  );
}
