// Config rollouts (#/rollouts), newest first: state, progress, who planned each. A rollout
// is planned from a template in Config ("Roll out vN…").
import { useCallback } from 'react';
import { ACTIVE_ROLLOUT_STATES, ROLLOUT_STATE_LABELS } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { rolloutRoute, routeHref } from '../app/router.ts';
import { Busy } from '../components/Busy.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { Panel } from '../components/Panel.tsx';
import { useLive } from '../components/use-live.ts';
import { percentDone, waveLabel } from './rollout-model.ts';
import './rollouts.css';

export function RolloutsView() {
  const api = useApi();
  const read = useCallback(() => api.call('rollouts.list', { limit: 100 }), [api]);
  const { data, error } = useLive(read, 'rollouts.changed');
  const list = data?.filter((r) => r.state !== 'draft') ?? null;
  return (
    <section className="ro-list-view" aria-labelledby="rollouts-title" data-testid="rollouts-view">
      <div className="view-header">
        <div>
          <h2 id="rollouts-title">Rollouts</h2>
          <p className="muted view-hint">
            Config changes sent to schools in stages. Plan one from a template in <a href={routeHref({ view: 'config' })}>Config</a>.
          </p>
        </div>
      </div>
      <Panel title="Rollouts" testId="rollouts-panel">
        {error && <ErrorNotice title="Could not load the rollouts">{error}</ErrorNotice>}
        {!list ? (
          !error && <Busy label="Loading…" />
        ) : list.length === 0 ? (
          <EmptyState title="No rollouts yet" testId="rollouts-empty">
            Save a template in Config, then “Roll out”.
          </EmptyState>
        ) : (
          <table className="ui-table" data-testid="rollouts-table">
            <thead>
              <tr>
                <th scope="col">Rollout</th>
                <th scope="col">State</th>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Sites
                </th>
                <th scope="col" className="num">
                  Settled
                </th>
                <th scope="col">By</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} data-testid={`rollouts-row-${r.id}`} data-state={r.state}>
                  <td>
                    <a href={routeHref(rolloutRoute(r.id))}>{r.name}</a>
                  </td>
                  <td>
                    {ACTIVE_ROLLOUT_STATES.has(r.state) && <span className="ro-live" aria-hidden="true">●</span>}
                    {ROLLOUT_STATE_LABELS[r.state]}
                  </td>
                  <td>{r.wave >= r.waves ? 'All waves' : waveLabel(r.wave, r.waves)}</td>
                  <td className="num">{r.total}</td>
                  <td className="num">{percentDone(r)}%</td>
                  <td>{r.actor}</td>
                  <td>{formatLondonShort(r.startedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </section>
  );
}
