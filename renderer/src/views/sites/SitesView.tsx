import { useState } from 'react';
import { formatLaestab, type Site } from '../../../../shared/site.ts';
import { useApi } from '../../api/api-context.tsx';
import { InventoryTransfer } from '../../inventory/InventoryTransfer.tsx';
import { GiasImportDialog } from './gias/GiasImportDialog.tsx';
import { NotOnMap } from './gias/NotOnMap.tsx';
import { RemovedSites } from './RemovedSites.tsx';
import { SiteForm } from './SiteForm.tsx';
import { useSites } from './use-sites.ts';

type Editing = { mode: 'closed' } | { mode: 'add' } | { mode: 'edit'; site: Site };

export function SitesView() {
  const api = useApi();
  const { sites, archived, error } = useSites();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [notice, setNotice] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);

  const remove = async (site: Site) => {
    const message = `Remove ${site.name} (URN ${site.urn}) from the fleet? It stops being polled and any open incident is closed. Its history and incidents are kept for reports, and you can restore it from Removed sites.`;
    if (!window.confirm(message)) return;
    const r = await api.call('sites.remove', { id: site.id });
    setNotice(r.ok ? `Removed ${site.name}; its history is kept under Removed sites` : r.error.message);
  };

  const restore = async (site: Site) => {
    const r = await api.call('sites.restore', { id: site.id });
    setNotice(r.ok ? `Restored ${site.name}: polling resumes` : r.error.message);
  };

  return (
    <section className="sites-view" aria-labelledby="sites-title">
      <div className="view-header">
        <h2 id="sites-title">Sites</h2>
        <div className="view-header-actions">
          <a href="#/conversions" data-testid="open-conversions">
            Academy conversions
          </a>
          <button type="button" onClick={() => setImporting(true)} data-testid="import-gias">
            Import from GIAS…
          </button>
          <button type="button" className="primary" onClick={() => setEditing({ mode: 'add' })} data-testid="add-site">
            Add site
          </button>
        </div>
      </div>
      <GiasImportDialog
        open={importing}
        onClose={(message) => {
          setImporting(false);
          if (message) setNotice(message);
        }}
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          Could not load sites: {error}
        </p>
      )}
      <InventoryTransfer />
      {editing.mode !== 'closed' && (
        <SiteForm
          site={editing.mode === 'edit' ? editing.site : null}
          onDone={(saved) => {
            setEditing({ mode: 'closed' });
            if (saved) setNotice(`Saved ${saved.name}`);
          }}
        />
      )}
      {sites === null ? (
        <p aria-busy="true">Loading sites…</p>
      ) : sites.length === 0 ? (
        <div className="empty-state" data-testid="sites-empty">
          <p>No sites yet. Add a school's B2B host to start watching it.</p>
        </div>
      ) : (
        <table className="sites-table" data-testid="sites-table">
          <thead>
            <tr>
              <th scope="col">URN</th>
              <th scope="col">LAESTAB</th>
              <th scope="col">Name</th>
              <th scope="col">Type group</th>
              <th scope="col">Phase</th>
              <th scope="col">Agent</th>
              <th scope="col">Tags</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id} data-testid={`site-row-${s.urn}`}>
                <td>{s.urn}</td>
                <td>{formatLaestab(s.laestab)}</td>
                <td>
                  {s.name}
                  {s.demo && <span className="badge">demo</span>}
                </td>
                <td>{s.typeGroup}</td>
                <td>{s.phase}</td>
                <td className="mono">
                  {s.host === null ? (
                    <span className="badge not-set-up" data-testid={`not-set-up-${s.urn}`}>
                      Not set up yet
                    </span>
                  ) : (
                    `${s.user ?? ''}@${s.host}:${s.port}`
                  )}
                </td>
                <td>{s.tags.join(', ')}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => setEditing({ mode: 'edit', site: s })} disabled={s.demo} aria-label={`Edit ${s.name}`}>
                    Edit
                  </button>
                  <button type="button" onClick={() => void remove(s)} aria-label={`Remove ${s.name}`} data-testid={`remove-${s.urn}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sites && <NotOnMap sites={sites} onEdit={(s) => setEditing({ mode: 'edit', site: s })} />}
      <RemovedSites sites={archived} onRestore={(s) => void restore(s)} />
    </section>
  );
}
