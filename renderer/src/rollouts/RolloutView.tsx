// One rollout, live (#/rollout/:id): its state and what it waits for or why it stopped, a
// countdown to the next step, progress per wave, the controls, each site, and its report.
import { useCallback } from 'react';
import { ROLLOUT_SITE_LABELS, ROLLOUT_STATE_LABELS, type Rollout } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { routeHref } from '../app/router.ts';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Panel } from '../components/Panel.tsx';
import { useLive } from '../components/use-live.ts';
import { useNow } from '../components/use-now.ts';
import { RolloutControls } from './RolloutControls.tsx';
import { RolloutReport } from './RolloutReport.tsx';
import { RolloutSitesTable } from './RolloutSitesTable.tsx';
import { countsText, nextStepText, percentDone, waveProgress } from './rollout-model.ts';
import '../actions/actions.css';
import './rollouts.css';
import { LeftOut } from '../components/LeftOut.tsx';

/** The sentence with the countdown: its own clock, so the site table does not re-render each second. */
function NextStep({ rollout }: { rollout: Rollout }) {
  const now = useNow(1000);
  return (
    <p className="ro-next" data-testid="rollout-next-step">
      {nextStepText(rollout, now)}
    </p>
  );
}

export function RolloutView({ rolloutId }: { rolloutId: number }) {
  const api = useApi();
  const read = useCallback(() => api.call('rollouts.get', { id: rolloutId }), [api, rolloutId]);
  const { data, error, reload } = useLive(read, 'rollouts.changed', (p) => p.ids.includes(rolloutId));

  if (!data) {
    return error ? (
      <ErrorNotice title={`Could not open rollout ${rolloutId}`} testId="rollout-error">
        <p>{error}</p>
      </ErrorNotice>
    ) : (
      <Busy label="Loading the rollout…" testId="rollout-loading" />
    );
  }
  const { rollout, sites } = data;
  const pct = percentDone(rollout);
  const waves = waveProgress(rollout, sites);
  const halted = rollout.state === 'halted' || rollout.state === 'aborted';
  return (
    <section className="ro-view" aria-labelledby="ro-title" data-testid="rollout-view" data-rollout-id={rolloutId} data-state={rollout.state}>
      <nav className="sd-crumbs no-print" aria-label="Breadcrumb">
        <a href={routeHref({ view: 'rollouts' })} data-testid="rollout-back">
          <span aria-hidden="true">←</span> All rollouts
        </a>
      </nav>
      <div className="view-header">
        <div>
          <h2 id="ro-title">{rollout.name}</h2>
          <p className="muted view-hint">
            {rollout.template} v{rollout.templateVersion} · {rollout.total === 1 ? '1 site' : `${rollout.total} sites`} · by {rollout.actor}
          </p>
        </div>
        <div className="run-head-side">
          <span className={`run-state ro-state rst-${rollout.state}`} data-testid="rollout-state" data-state={rollout.state}>
            {ROLLOUT_STATE_LABELS[rollout.state]}
          </span>
          <RolloutControls rollout={rollout} onChanged={reload} />
        </div>
      </div>
      <div className={`ro-status${halted ? ' is-halted' : ''}`} role="status" data-testid="rollout-next">
        <NextStep rollout={rollout} />
        {rollout.reason && (
          <p className="ro-reason" data-testid="rollout-reason">
            <strong>{halted ? 'Why it stopped' : 'Waiting for'}:</strong> {rollout.reason}
          </p>
        )}
      </div>
      <div className="run-progress" data-testid="rollout-progress" data-pct={pct}>
        <p className="run-progress-text">
          <strong>{pct}%</strong> of sites settled · {countsText(rollout.counts, ROLLOUT_SITE_LABELS) || 'nothing sent yet'}
        </p>
        <div className="run-bar" role="progressbar" aria-label="Rollout progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <span style={{ width: `${pct}%` }} />
        </div>
      </div>
      <Panel title="Waves" testId="rollout-waves">
        <ol className="ro-waves">
          {waves.map((w) => (
            <li key={w.wave} className={w.current ? 'is-current' : undefined} data-testid={`rollout-wave-${w.wave}`} data-total={w.total} data-settled={w.settled} aria-current={w.current ? 'step' : undefined}>
              <span className="ro-wave-name">
                {w.label}
                {w.current && <span className="ro-now"> (now)</span>}
              </span>
              <span className="ro-wave-count">
                {w.settled} of {w.total} settled
              </span>
              <span className="ro-wave-tally">{countsText(w.counts, ROLLOUT_SITE_LABELS) || '—'}</span>
            </li>
          ))}
        </ol>
      </Panel>
      <LeftOut skipped={rollout.skipped} testId="rollout-left-out" />
      {error && <ErrorNotice title="Showing the last figures we had">{error}</ErrorNotice>}
      <Panel title="Sites" testId="rollout-sites-panel">
        <RolloutSitesTable sites={sites} waves={rollout.waves} />
      </Panel>
      <RolloutReport rollout={rollout} sites={sites} />
    </section>
  );
}
