// One key rotation, live (#/rotation/:id): how far it has got and each site's outcome. Offline
// schools are listed as waiting; 1.0 agents as "cannot rotate: agent too old", not failed.
import { useCallback } from 'react';
import { FINAL_ROTATION_STATES, ROTATION_SITE_STATES, ROTATION_STATE_LABELS } from '../../../shared/key-rotation.ts';
import { useApi } from '../api/api-context.tsx';
import { routeHref, siteRoute } from '../app/router.ts';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useLive } from '../components/use-live.ts';
import './keys.css';

export function RotationView({ rotationId }: { rotationId: number }) {
  const api = useApi();
  const read = useCallback(() => api.call('keys.rotation', { id: rotationId }), [api, rotationId]);
  const { data, error } = useLive(read, 'keys.rotationsChanged', (p) => p.ids.includes(rotationId));
  if (!data) {
    return error ? (
      <ErrorNotice title={`Could not open key rotation ${rotationId}`} testId="rotation-error">
        <p>{error}</p>
      </ErrorNotice>
    ) : (
      <Busy label="Loading the key rotation…" testId="rotation-loading" />
    );
  }
  const { rotation, sites } = data;
  const settled = sites.filter((s) => FINAL_ROTATION_STATES.has(s.state)).length;
  const counts = ROTATION_SITE_STATES.filter((s) => rotation.counts[s]).map((s) => `${ROTATION_STATE_LABELS[s]}: ${rotation.counts[s]}`);
  return (
    <section className="rk-view" aria-labelledby="rk-title" data-testid="rotation-view" data-state={rotation.state}>
      <div className="view-header">
        <div>
          <h2 id="rk-title">
            Key rotation {rotation.id}: {rotation.oldName} → {rotation.newName}
          </h2>
          <p className="muted view-hint">
            {rotation.state === 'completed' ? 'Completed' : 'Running'} · {settled} of {sites.length} sites settled · started by {rotation.actor}
          </p>
        </div>
      </div>
      <progress className="rk-progress" max={sites.length} value={settled} aria-label="Sites settled" />
      <p data-testid="rotation-counts">{counts.join(' · ')}</p>
      <table className="ui-table" data-testid="rotation-sites">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((s) => (
            <tr key={s.siteId} data-testid={`rotation-site-${s.siteId}`} data-state={s.state}>
              <td>
                <a href={routeHref(siteRoute(s.siteId))}>{s.name}</a>
              </td>
              <td>
                <span className={`rk-state rk-${s.state}`}>{ROTATION_STATE_LABELS[s.state]}</span>
              </td>
              <td className="run-error">{s.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
