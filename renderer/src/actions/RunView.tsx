// One run, live: how far it has got, and each site's outcome grouped the way a person
// reads them (what worked, what failed and why, what is still waiting), with the agent's
// answer on demand and a way to stop what has not started.
import { useCallback, useState } from 'react';
import { ACTION_STATE_LABELS, OUTCOME_GROUPS } from '../../../shared/actions.ts';
import { useApi } from '../api/api-context.tsx';
import { routeHref } from '../app/router.ts';
import { useToast } from '../app/toasts.tsx';
import { Busy } from '../components/Busy.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonTime } from '../components/format.ts';
import { openCount, paramsLabel, RUN_STATE_LABELS } from './action-format.ts';
import { RunGroup } from './RunGroup.tsx';
import { useLiveActions } from './use-live-actions.ts';
import './actions.css';
import { LeftOut } from '../components/LeftOut.tsx';

export function RunView({ runId }: { runId: number }) {
  const api = useApi();
  const toast = useToast();
  const read = useCallback(() => api.call('actions.run', { runId }), [api, runId]);
  const { data, error } = useLiveActions(read, (ids) => ids.includes(runId));
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  if (!data) {
    return error ? (
      <ErrorNotice title={`Could not open run ${runId}`} testId="run-error">
        <p>{error}</p>
      </ErrorNotice>
    ) : (
      <Busy label="Loading the run…" testId="run-loading" />
    );
  }
  const { run, actions } = data;
  const pending = (run.counts.queued ?? 0) + (run.counts.waiting ?? 0);
  const done = run.total - openCount(run);
  const pct = run.total === 0 ? 100 : Math.round((done / run.total) * 100);
  const groups = OUTCOME_GROUPS.map((state) => ({ state, actions: actions.filter((a) => a.state === state) })).filter((g) => g.actions.length > 0);

  const cancel = async () => {
    setCancelling(true);
    const r = await api.call('actions.cancelRun', { runId });
    setCancelling(false);
    setConfirming(false);
    toast(r.ok ? { tone: 'ok', title: 'Run cancelled', body: 'Nothing more will be sent; what was running finishes.' } : { tone: 'bad', title: 'Could not cancel', body: r.error.message });
  };

  return (
    <section className="run-view" aria-labelledby="run-title" data-testid="run-view" data-run-id={runId} data-state={run.state}>
      <nav className="sd-crumbs" aria-label="Breadcrumb">
        <a href={routeHref({ view: 'actions' })} data-testid="run-back">
          <span aria-hidden="true">←</span> All actions
        </a>
      </nav>
      <div className="view-header">
        <div>
          <h2 id="run-title">
            {paramsLabel(run.params)} <span className="ui-muted">· run {run.id}</span>
          </h2>
          <p className="muted view-hint">
            By {run.actor}, {formatLondonTime(run.createdAt)} · {run.total === 1 ? '1 site' : `${run.total} sites`} · {run.pacing.concurrency} at once
            {run.pacing.waveSize !== null && `, waves of ${run.pacing.waveSize} with ${run.pacing.wavePauseS} s between`}
          </p>
        </div>
        <div className="run-head-side">
          <span className="run-state" data-testid="run-state">
            {RUN_STATE_LABELS[run.state]}
          </span>
          {run.state === 'running' && pending > 0 && (
            <button type="button" onClick={() => setConfirming(true)} data-testid="run-cancel">
              Cancel the rest…
            </button>
          )}
        </div>
      </div>
      <div className="run-progress" data-testid="run-progress" data-done={done} data-total={run.total}>
        <p className="run-progress-text">
          <strong>
            {done} of {run.total}
          </strong>{' '}
          done ({pct}%)
        </p>
        <div className="run-bar" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={done} aria-valuetext={`${done} of ${run.total} done`}>
          <span style={{ width: `${pct}%` }} />
        </div>
        <ul className="run-tally" aria-label="Sites by state" data-testid="run-tally">
          {OUTCOME_GROUPS
            .filter((s) => (run.counts[s] ?? 0) > 0)
            .map((s) => (
              <li key={s} data-testid={`run-tally-${s}`} data-n={run.counts[s]}>
                <span className={`act-glyph st-${s}`} aria-hidden="true" />
                {ACTION_STATE_LABELS[s]}: <strong>{run.counts[s]}</strong>
              </li>
            ))}
        </ul>
      </div>
      <LeftOut skipped={run.skipped} testId="run-skipped" />
      {error && <ErrorNotice title="Showing the last figures we had">{error}</ErrorNotice>}
      {groups.map((g) => (
        <RunGroup key={g.state} state={g.state} actions={g.actions} />
      ))}
      <ConfirmDialog open={confirming} title="Cancel the rest of this run?" confirmLabel="Cancel the rest" busy={cancelling} onConfirm={() => void cancel()} onCancel={() => setConfirming(false)} testId="run-cancel-dialog">
        <p>
          {pending === 1 ? '1 site has' : `${pending} sites have`} not been sent anything yet: {pending === 1 ? 'it' : 'they'} will be cancelled.
          {(run.counts.running ?? 0) > 0 && ` The ${run.counts.running} running now will finish.`}
        </p>
      </ConfirmDialog>
    </section>
  );
}
