// A rollout's report: outcomes by wave in one table, and the per-site report as CSV
// (rollouts.report) or printed / saved as PDF with the print stylesheet. Available any time;
// final once the rollout has finished.
import { useState } from 'react';
import { ROLLOUT_SITE_LABELS, ROLLOUT_SITE_STATES, SETTLED_SITE_STATES, type Rollout, type RolloutSite } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { formatLondonTime } from '../components/format.ts';
import { Panel } from '../components/Panel.tsx';
import { downloadText } from '../views/reports/download.ts';
import { printReport } from '../views/reports/print-report.ts';
import { waveLabel, waveProgress } from './rollout-model.ts';

export function RolloutReport({ rollout, sites }: { rollout: Rollout; sites: readonly RolloutSite[] }) {
  const api = useApi();
  const [notice, setNotice] = useState<string | null>(null);
  const waves = waveProgress(rollout, sites);
  const states = ROLLOUT_SITE_STATES.filter((s) => (rollout.counts[s] ?? 0) > 0);
  const finished = rollout.finishedAt !== null;
  const problems = sites.filter((s) => SETTLED_SITE_STATES.has(s.state) && s.state !== 'verified');

  const exportCsv = async () => {
    const r = await api.call('rollouts.report', { id: rollout.id });
    if (!r.ok) return setNotice(`Could not export the report: ${r.error.message}`);
    downloadText(r.data.filename, r.data.text);
    setNotice(`Report exported: ${r.data.filename}`);
  };
  const print = async () => {
    const outcome = await printReport();
    if (outcome.kind === 'saved') setNotice(`PDF saved to ${outcome.path}`);
    else if (outcome.kind === 'failed') setNotice(`Could not save the PDF: ${outcome.message}`);
  };

  return (
    <Panel
      title={finished ? 'Report' : 'Report so far'}
      testId="rollout-report"
      actions={
        <span className="no-print ro-report-actions">
          <button type="button" onClick={() => void exportCsv()} data-testid="rollout-report-csv">
            Export CSV
          </button>
          <button type="button" onClick={() => void print()} data-testid="rollout-report-print">
            Print / PDF
          </button>
        </span>
      }
    >
      <dl className="ui-kv ro-report-facts">
        <dt>Template</dt>
        <dd>
          {rollout.template} v{rollout.templateVersion}
        </dd>
        <dt>Planned by</dt>
        <dd>
          {rollout.actor}, {formatLondonTime(rollout.createdAt)}
        </dd>
        <dt>Started</dt>
        <dd>{formatLondonTime(rollout.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{finished ? formatLondonTime(rollout.finishedAt) : 'not yet'}</dd>
        <dt>Plan</dt>
        <dd>
          canary {rollout.plan.canary.count}, gate {rollout.plan.gate.windowMin} min ({rollout.plan.gate.rule === 'healthy' ? 'healthy' : 'no worse than before'}), a wave fails above {rollout.plan.maxFailurePct}% failed
          {rollout.plan.approvalBetweenWaves ? ', approval between waves' : ''}
          {rollout.plan.rollbackAll ? ', a failure rolls back every changed site' : ''}
        </dd>
      </dl>
      <table className="ui-table ro-report-table" data-testid="rollout-report-table">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            {states.map((s) => (
              <th key={s} scope="col" className="num">
                {ROLLOUT_SITE_LABELS[s]}
              </th>
            ))}
            <th scope="col" className="num">
              Sites
            </th>
          </tr>
        </thead>
        <tbody>
          {waves.map((w) => (
            <tr key={w.wave}>
              <th scope="row">{w.label}</th>
              {states.map((s) => (
                <td key={s} className="num">
                  {w.counts[s] ?? 0}
                </td>
              ))}
              <td className="num">{w.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All</th>
            {states.map((s) => (
              <td key={s} className="num">
                {rollout.counts[s] ?? 0}
              </td>
            ))}
            <td className="num">{rollout.total}</td>
          </tr>
        </tfoot>
      </table>
      {problems.length > 0 && (
        <>
          <h4 className="ro-report-sub">{problems.length === 1 ? '1 site did not take it' : `${problems.length} sites did not take it`}</h4>
          <table className="ui-table" data-testid="rollout-report-problems">
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Stage</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p) => (
                <tr key={p.siteId}>
                  <td>{p.siteName}</td>
                  <td>{waveLabel(p.wave, rollout.waves)}</td>
                  <td>{ROLLOUT_SITE_LABELS[p.state]}</td>
                  <td className="run-error">
                    {p.errorCode && <code className="ui-code">{p.errorCode}</code>} {p.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {notice && (
        <p className="ro-notice no-print" role="status" data-testid="rollout-report-notice">
          {notice}
        </p>
      )}
    </Panel>
  );
}
