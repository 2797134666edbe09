// Remote actions across the estate: recent runs with how each went, and the queue of
// actions waiting for a school to come back.
import { useCallback } from 'react';
import { ACTION_STATE_LABELS, OUTCOME_GROUPS, type Run } from '../../../shared/actions.ts';
import { useApi } from '../api/api-context.tsx';
import { routeHref, runRoute } from '../app/router.ts';
import { Busy } from '../components/Busy.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { Panel } from '../components/Panel.tsx';
import { paramsLabel, RUN_STATE_LABELS } from './action-format.ts';
import { QueueTable } from './QueueTable.tsx';
import { useLiveActions } from './use-live-actions.ts';
import './actions.css';

function tally(run: Run): string {
  return OUTCOME_GROUPS
    .filter((s) => (run.counts[s] ?? 0) > 0)
    .map((s) => `${run.counts[s] ?? 0} ${ACTION_STATE_LABELS[s].toLowerCase()}`)
    .join(' · ');
}

export function ActionsView() {
  const api = useApi();
  const readRuns = useCallback(() => api.call('actions.runs', { limit: 50 }), [api]);
  const readQueue = useCallback(() => api.call('actions.queue', {}), [api]);
  const runs = useLiveActions(readRuns);
  const queue = useLiveActions(readQueue);

  return (
    <section className="actions-view" aria-labelledby="actions-title" data-testid="actions-view">
      <div className="view-header">
        <div>
          <h2 id="actions-title">Actions</h2>
          <p className="muted view-hint">Restarts, resyncs and diagnostics sent to schools, newest first. Start one from triage, a site, or a selection in the table.</p>
        </div>
      </div>
      <Panel title={`Waiting for the site${queue.data ? ` (${queue.data.length})` : ''}`} testId="actions-queue">
        {queue.error && <ErrorNotice title="Could not load the queue">{queue.error}</ErrorNotice>}
        {!queue.data ? (
          !queue.error && <Busy label="Loading…" />
        ) : queue.data.length === 0 ? (
          <EmptyState title="Nothing is waiting" testId="queue-empty">
            An action for a school that is off waits here until the school is next seen.
          </EmptyState>
        ) : (
          <QueueTable actions={queue.data} onChanged={queue.reload} />
        )}
      </Panel>
      <Panel title="Recent runs" testId="actions-runs">
        {runs.error && <ErrorNotice title="Could not load the runs">{runs.error}</ErrorNotice>}
        {!runs.data ? (
          !runs.error && <Busy label="Loading…" />
        ) : runs.data.length === 0 ? (
          <EmptyState title="No actions yet" testId="runs-empty" />
        ) : (
          <table className="ui-table" data-testid="runs-table">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Sites
                </th>
                <th scope="col">Outcome so far</th>
                <th scope="col">Run</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.id} data-testid={`runs-row-${r.id}`} data-state={r.state}>
                  <td>
                    <a href={routeHref(runRoute(r.id))}>{paramsLabel(r.params)}</a>
                  </td>
                  <td>{r.actor}</td>
                  <td>{formatLondonShort(r.createdAt)}</td>
                  <td className="num">{r.total}</td>
                  <td>{tally(r)}</td>
                  <td>{RUN_STATE_LABELS[r.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </section>
  );
}
