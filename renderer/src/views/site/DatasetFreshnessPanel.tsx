// Freshness per dataset: the answer to "which data stopped, and since when?".
import type { DatasetFreshness } from '../../../../shared/health/verdict.ts';
import { DATASET_LABELS, DATASETS, type AgentStatus, type Dataset } from '../../../../shared/protocol/v1.ts';
import { formatAgo, formatLondonTime } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { FRESHNESS_LOOK, STOPPED_STATES } from './dataset-states.ts';

function DatasetCard({ dataset, freshness, agent, now }: { dataset: Dataset; freshness: DatasetFreshness | undefined; agent: AgentStatus | null; now: number }) {
  const reported = agent?.datasets[dataset];
  const label = DATASET_LABELS[dataset];
  if (!freshness) {
    return (
      <article className="sd-dataset sd-dataset-unknown" data-testid={`dataset-${dataset}`} data-state="unknown" aria-label={label}>
        <header className="sd-dataset-head">
          <h4>{label}</h4>
          <span className="sd-state">
            <span className="sd-state-glyph" aria-hidden="true" style={{ background: 'var(--unknown)' }}>
              ?
            </span>
            not known
          </span>
        </header>
        <p className="sd-dataset-hint">The last poll could not read this site’s transfers.</p>
      </article>
    );
  }
  const look = FRESHNESS_LOOK[freshness.state];
  const stopped = STOPPED_STATES.includes(freshness.state);
  return (
    <article className={`sd-dataset${stopped ? ' sd-dataset-stopped' : ''}`} data-testid={`dataset-${dataset}`} data-state={freshness.state} aria-label={label}>
      <header className="sd-dataset-head">
        <h4>{label}</h4>
        <span className="sd-state">
          <span className="sd-state-glyph" aria-hidden="true" style={{ background: `var(${look.colourVar})` }}>
            {look.glyph}
          </span>
          <span data-testid={`dataset-${dataset}-state`}>{freshness.state}</span>
        </span>
      </header>
      <p className="sd-dataset-hint">{look.hint}</p>
      <dl className="ui-kv sd-dataset-facts">
        <dt>Last success</dt>
        <dd>
          {freshness.lastSuccess ? (
            <>
              <strong>{formatAgo(freshness.lastSuccess, now)}</strong>
              <br />
              <time dateTime={freshness.lastSuccess} className="ui-muted">
                {formatLondonTime(freshness.lastSuccess)}
              </time>
            </>
          ) : (
            <strong>never</strong>
          )}
        </dd>
        <dt>Last attempt</dt>
        <dd>{freshness.lastAttempt ? <time dateTime={freshness.lastAttempt}>{formatLondonTime(freshness.lastAttempt)}</time> : 'never'}</dd>
        <dt>Missed slots</dt>
        <dd className={freshness.missedSlots > 0 ? 'sd-missed' : undefined}>{freshness.missedSlots}</dd>
        <dt>Error</dt>
        <dd>
          {freshness.errorCode ? <code className="ui-code">{freshness.errorCode}</code> : <span className="ui-muted">none</span>}
          {reported?.errorMessage && <span className="sd-dataset-error">{reported.errorMessage}</span>}
        </dd>
      </dl>
    </article>
  );
}

export function DatasetFreshnessPanel({ datasets, agent, now }: { datasets: readonly DatasetFreshness[]; agent: AgentStatus | null; now: number }) {
  const stopped = datasets.filter((d) => STOPPED_STATES.includes(d.state)).map((d) => DATASET_LABELS[d.dataset]);
  const summary = datasets.length === 0 ? 'Not known: the last poll read no transfers' : stopped.length > 0 ? `Stopped: ${stopped.join(', ')}` : 'Every dataset is arriving';
  return (
    <Panel title="Data freshness" testId="site-freshness" actions={<span className="ui-muted">{summary}</span>}>
      <div className="sd-datasets">
        {DATASETS.map((d) => (
          <DatasetCard key={d} dataset={d} freshness={datasets.find((f) => f.dataset === d)} agent={agent} now={now} />
        ))}
      </div>
    </Panel>
  );
}
