// Actions waiting for their school to come back, each with its own Cancel. An action that
// outlives its wait leaves the queue and shows in its run as Expired.
import { useState } from 'react';
import type { Action } from '../../../shared/actions.ts';
import { useApi } from '../api/api-context.tsx';
import { routeHref, runRoute, siteRoute } from '../app/router.ts';
import { useToast } from '../app/toasts.tsx';
import { formatLondonShort } from '../components/format.ts';
import { paramsLabel } from './action-format.ts';

export function QueueTable({ actions, showSite = true, onChanged }: { actions: readonly Action[]; showSite?: boolean; onChanged: () => void }) {
  const api = useApi();
  const toast = useToast();
  const [busy, setBusy] = useState<number | null>(null);
  const cancel = async (a: Action) => {
    setBusy(a.id);
    const r = await api.call('actions.cancel', { actionId: a.id });
    setBusy(null);
    toast(r.ok ? { tone: 'ok', title: `Cancelled: ${paramsLabel(a.params)}`, body: a.siteName } : { tone: 'bad', title: 'Could not cancel', body: r.error.message });
    onChanged();
  };
  return (
    <table className="ui-table" data-testid="queue-table">
      <thead>
        <tr>
          {showSite && <th scope="col">Site</th>}
          <th scope="col">Action</th>
          <th scope="col">Asked by</th>
          <th scope="col">Asked at</th>
          <th scope="col">Gives up at</th>
          <th scope="col">
            <span className="visually-hidden">Cancel</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => (
          <tr key={a.id} data-testid={`queue-row-${a.id}`} data-site-id={a.siteId}>
            {showSite && (
              <td>
                <a href={routeHref(siteRoute(a.siteId))}>{a.siteName}</a>
              </td>
            )}
            <td>
              <a href={routeHref(runRoute(a.runId))}>{paramsLabel(a.params)}</a>
            </td>
            <td>{a.actor}</td>
            <td>{formatLondonShort(a.createdAt)}</td>
            <td>{formatLondonShort(a.expiresAt)}</td>
            <td>
              <button type="button" onClick={() => void cancel(a)} disabled={busy === a.id} aria-label={`Cancel ${paramsLabel(a.params)} at ${a.siteName}`} data-testid="queue-cancel">
                Cancel
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
