// Past and open incidents for this site, with acknowledgement and notes for hand-over
// (made as the session's operator: the core takes the name from the connection).
import { Busy } from '../../components/Busy.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Panel } from '../../components/Panel.tsx';
import { IncidentItem } from './IncidentItem.tsx';
import { useSiteIncidents } from './use-site-incidents.ts';

export function IncidentsPanel({ siteId }: { siteId: number }) {
  const { incidents, error } = useSiteIncidents(siteId);
  return (
    <Panel title="Incidents and notes" testId="site-incidents">
      {error && <ErrorNotice title="Could not load incidents">{error}</ErrorNotice>}
      {incidents === null && !error && <Busy label="Loading incidents…" />}
      {incidents?.length === 0 && <EmptyState title="No incidents for this site." testId="incidents-empty">An incident opens when the site goes down, and closes when it recovers.</EmptyState>}
      {incidents && incidents.length > 0 && (
        <ul className="sd-incidents">
          {incidents.map((i) => (
            <IncidentItem key={i.id} incident={i} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
