// The verdict and the reasons behind it, worst first, each marked by severity in words.
import type { Reason } from '../../../../shared/health/verdict.ts';
import type { SiteStatus } from '../../../../shared/fleet.ts';
import { DATASET_LABELS } from '../../../../shared/protocol/v1.ts';
import { RemedyLine } from '../../actions/RemedyLine.tsx';
import { formatAgo, formatLondonTime } from '../../components/format.ts';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';

const SEVERITY: Record<Reason['severity'], { word: string; glyph: string; order: number }> = {
  bad: { word: 'Problem', glyph: '✕', order: 0 },
  warn: { word: 'Warning', glyph: '!', order: 1 },
  info: { word: 'Note', glyph: 'i', order: 2 },
};

/** With a site id, each reason shows its remedy: an action to start, or who must act. */
export function ReasonList({ reasons, siteId }: { reasons: readonly Reason[]; siteId?: number }) {
  const sorted = [...reasons].sort((a, b) => SEVERITY[a.severity].order - SEVERITY[b.severity].order);
  return (
    <ul className="sd-reasons" data-testid="site-reasons">
      {sorted.map((r, i) => (
        <li key={`${r.code}-${r.dataset ?? ''}-${i}`} className={`sd-reason sev-${r.severity}`} data-severity={r.severity}>
          <span className="sd-sev">
            <span aria-hidden="true">{SEVERITY[r.severity].glyph}</span> {SEVERITY[r.severity].word}
          </span>
          <span className="sd-reason-text">
            {r.dataset && <strong>{DATASET_LABELS[r.dataset]}: </strong>}
            {r.message}
            <code className="ui-code sd-reason-code">{r.code}</code>
            {siteId !== undefined && <RemedyLine reason={r} siteIds={[siteId]} />}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function VerdictPanel({ status, now }: { status: SiteStatus; now: number }) {
  return (
    <section className="sd-verdict" data-testid="site-verdict" data-verdict={status.verdict} aria-label="Verdict">
      <div className="sd-verdict-top">
        <span className="sd-verdict-badge">
          <VerdictBadge verdict={status.verdict} />
        </span>
        <p className="sd-verdict-meta">
          {status.changedAt !== null && (
            <span>
              Since <time dateTime={new Date(status.changedAt).toISOString()}>{formatLondonTime(status.changedAt)}</time> ({formatAgo(status.changedAt, now)})
            </span>
          )}
          <span>
            Last poll {formatAgo(status.polledAt, now)}
            {status.latencyMs !== null && ` · ${status.latencyMs} ms`}
          </span>
          {status.rawVerdict !== status.verdict && <span>Latest poll alone says “{status.rawVerdict}”: waiting for it to repeat before showing it</span>}
        </p>
        <div className="sd-flags">
          {status.inMaintenance && <span className="ui-tag">‖ In maintenance</span>}
          {status.alertsMuted && <span className="ui-tag">Alerts muted</span>}
        </div>
      </div>
      {status.reasons.length > 0 ? (
        <ReasonList reasons={status.reasons} siteId={status.siteId} />
      ) : (
        <p className="ui-muted sd-no-reasons">{status.polledAt === null ? 'Not polled yet. Use “Poll now” to check it.' : 'Nothing to report: the agent is running and data is arriving.'}</p>
      )}
    </section>
  );
}
