// What the agent itself reported going wrong at the last poll: per-dataset transfer errors
// with their messages, and the service, MIS, endpoint and disk troubles behind them.
import type { SiteDetail } from '../../../../shared/fleet.ts';
import { DATASET_LABELS, DATASETS } from '../../../../shared/protocol/v1.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatAgo, formatLondonTime } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';

interface ErrorItem {
  key: string;
  what: string;
  code: string | null;
  message: string;
  at: string | null;
}

const DISK_LOW = 0.05;

export function collectErrors(detail: SiteDetail): ErrorItem[] {
  const items: ErrorItem[] = [];
  const agent = detail.agent;
  if (agent) {
    if (agent.service.state !== 'running') {
      items.push({ key: 'service', what: 'B2B service', code: agent.service.state, message: `The service is ${agent.service.state}; ${agent.service.restarts24h} restarts in 24 h`, at: agent.service.since });
    }
    if (!agent.mis.reachable) items.push({ key: 'mis', what: `MIS (${agent.mis.product})`, code: 'MIS_UNREACHABLE', message: agent.mis.error ?? 'The MIS cannot be reached', at: null });
    if (!agent.endpoint.reachable) items.push({ key: 'endpoint', what: 'LA endpoint', code: 'ENDPOINT_UNREACHABLE', message: agent.endpoint.error ?? `${agent.endpoint.url} cannot be reached`, at: null });
    if (agent.host.diskTotalMb > 0 && agent.host.diskFreeMb / agent.host.diskTotalMb < DISK_LOW) {
      items.push({ key: 'disk', what: 'Disk', code: 'DISK_LOW', message: `${Math.round(agent.host.diskFreeMb)} MB free of ${Math.round(agent.host.diskTotalMb)} MB`, at: null });
    }
    for (const d of DATASETS) {
      const s = agent.datasets[d];
      if (s.errorCode || s.errorMessage) items.push({ key: `ds-${d}`, what: DATASET_LABELS[d], code: s.errorCode, message: s.errorMessage ?? 'The transfer failed', at: s.lastAttempt });
    }
  } else {
    // No status document: the poll failed before the agent answered, so the reasons say why.
    for (const r of detail.status.reasons.filter((x) => x.severity !== 'info')) {
      items.push({ key: `r-${r.code}-${r.dataset ?? ''}`, what: r.dataset ? DATASET_LABELS[r.dataset] : 'Connection', code: r.code, message: r.message, at: null });
    }
  }
  return items;
}

export function RecentErrors({ detail, now }: { detail: SiteDetail; now: number }) {
  const items = collectErrors(detail);
  return (
    <Panel title="Recent errors" testId="site-errors">
      {items.length === 0 ? (
        <EmptyState title="No errors at the last poll." />
      ) : (
        <ul className="sd-errors">
          {items.map((e) => (
            <li key={e.key} data-testid={`error-${e.key}`}>
              <div className="sd-error-head">
                <strong>{e.what}</strong>
                {e.code && <code className="ui-code">{e.code}</code>}
                {e.at && (
                  <time className="ui-muted" dateTime={e.at} title={formatLondonTime(e.at)}>
                    {formatAgo(e.at, now)}
                  </time>
                )}
              </div>
              <p>{e.message}</p>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
