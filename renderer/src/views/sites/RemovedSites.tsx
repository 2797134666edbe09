import { useId } from 'react';
import type { Site } from '../../../../shared/site.ts';
import { formatLondonShort } from '../../components/format.ts';

/** Archived sites: out of the fleet, their history kept, one click from coming back. */
export function RemovedSites({ sites, onRestore }: { sites: Site[]; onRestore: (site: Site) => void }) {
  const titleId = useId();
  if (sites.length === 0) return null;
  return (
    <section className="removed-sites" aria-labelledby={titleId} data-testid="removed-sites">
      <h3 id={titleId}>Removed sites</h3>
      <p className="field-hint">Not polled and not in the fleet; their history and incidents stay in reports.</p>
      <table className="sites-table">
        <thead>
          <tr>
            <th scope="col">URN</th>
            <th scope="col">Name</th>
            <th scope="col">Removed</th>
            <th scope="col">By</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => (
            <tr key={s.id} data-testid={`removed-row-${s.urn}`}>
              <td>{s.urn}</td>
              <td>{s.name}</td>
              <td>{formatLondonShort(s.archivedAt)}</td>
              <td>{s.archivedBy}</td>
              <td className="row-actions">
                <button type="button" onClick={() => onRestore(s)} aria-label={`Restore ${s.name}`} data-testid={`restore-${s.urn}`}>
                  Restore
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
