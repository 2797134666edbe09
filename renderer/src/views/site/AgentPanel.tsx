// What is installed and how it is set up: versions, service state and the agent's config.
import type { SiteDetail } from '../../../../shared/fleet.ts';
import { DATASET_LABELS, DATASETS } from '../../../../shared/protocol/v1.ts';
import { formatDuration } from '../../../../shared/uptime.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatAgo, formatLondonDate, formatLondonTime, toMs } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { formatSchedule } from './schedule-format.ts';

const EXPIRY_WARN_MS = 30 * 86_400_000;

/** "sha256:772b85eda489…" → "772b85eda489": enough to compare by eye across sites. */
export const shortHash = (hash: string): string => hash.replace(/^sha256:/, '').slice(0, 12);

function Expiry({ at, now }: { at: string | null; now: number }) {
  const ms = toMs(at);
  if (ms === null) return <span className="ui-muted">not set</span>;
  const soon = ms - now < EXPIRY_WARN_MS;
  return (
    <span className={soon ? 'sd-warn-text' : undefined}>
      {formatLondonDate(ms)} {soon && <strong>({ms < now ? 'expired' : `in ${formatDuration((ms - now) / 1000)}`})</strong>}
    </span>
  );
}

export function VersionsPanel({ detail, now }: { detail: SiteDetail; now: number }) {
  const a = detail.agent;
  if (!a) {
    return (
      <Panel title="Versions" testId="site-versions">
        <EmptyState title="The agent has not answered a poll yet." />
      </Panel>
    );
  }
  const diskPct = a.host.diskTotalMb > 0 ? Math.round((100 * a.host.diskFreeMb) / a.host.diskTotalMb) : null;
  return (
    <Panel title="Versions" testId="site-versions">
      <dl className="ui-kv">
        <dt>Agent</dt>
        <dd>
          {a.agent.name} <strong>{a.agent.version}</strong>
        </dd>
        <dt>B2B</dt>
        <dd>
          {a.b2b.product} <strong>{a.b2b.version}</strong>
        </dd>
        <dt>MIS</dt>
        <dd>
          {a.mis.product} <strong>{a.mis.version}</strong>
        </dd>
        <dt>Service</dt>
        <dd>
          {a.service.state} since {formatLondonTime(a.service.since)}
          {a.service.restarts24h > 0 && <span className="sd-warn-text"> · {a.service.restarts24h} restarts in 24 h</span>}
        </dd>
        <dt>Host</dt>
        <dd className="mono">{a.host.hostname}</dd>
        <dt>Disk free</dt>
        <dd>{diskPct === null ? '—' : `${diskPct}% (${Math.round(a.host.diskFreeMb / 1024)} GB)`}</dd>
        <dt>Credentials</dt>
        <dd>
          <Expiry at={a.credentials.expires} now={now} />
        </dd>
        <dt>Certificate</dt>
        <dd>
          <Expiry at={a.credentials.certificateExpires} now={now} />
        </dd>
        <dt>Backlog</dt>
        <dd>{a.backlog.pending === 0 ? 'none' : `${a.backlog.pending} pending, oldest ${formatAgo(a.backlog.oldest, now)}`}</dd>
      </dl>
    </Panel>
  );
}

/** The live config in full; `readAt` (from config.site) says when the console last read it. */
export function ConfigPanel({ detail, readAt = null }: { detail: SiteDetail; readAt?: number | null }) {
  const cfg = detail.config;
  if (!cfg) {
    return (
      <Panel title="Configuration" testId="site-config">
        <EmptyState title="No configuration read yet." />
      </Panel>
    );
  }
  const c = cfg.config;
  return (
    <Panel title="Configuration" testId="site-config">
      <dl className="ui-kv">
        <dt>Endpoint</dt>
        <dd className="mono sd-break">{c.endpointUrl}</dd>
        <dt>School ID</dt>
        <dd className="mono">{c.schoolId}</dd>
        <dt>MIS</dt>
        <dd className="mono sd-break">
          {c.mis.product} · {c.mis.server} / {c.mis.database}
        </dd>
        {DATASETS.map((d) => (
          <Schedule key={d} label={DATASET_LABELS[d]} text={formatSchedule(c.days[d], c.schedule[d])} />
        ))}
        <dt>Datasets sent</dt>
        <dd>{c.enabled ? c.enabled.map((d) => DATASET_LABELS[d]).join(', ') : 'all'}</dd>
        <dt>Log level</dt>
        <dd>{c.logLevel}</dd>
        <dt>Proxy</dt>
        <dd className="mono">{c.proxy ?? 'none'}</dd>
        <dt>Config hash</dt>
        <dd>
          <code className="ui-code" title={cfg.hash} data-testid="config-hash">
            {shortHash(cfg.hash)}
          </code>
          {detail.agent && <span className="ui-muted"> applied {formatLondonDate(detail.agent.config.appliedAt)}</span>}
        </dd>
        {readAt !== null && (
          <>
            <dt>Read</dt>
            <dd data-testid="config-read-at">{formatLondonTime(readAt)}</dd>
          </>
        )}
        <dt>Polled every</dt>
        <dd>{formatDuration(detail.pollIntervalS)}</dd>
      </dl>
    </Panel>
  );
}

function Schedule({ label, text }: { label: string; text: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{text}</dd>
    </>
  );
}
