// The verdict over 7, 30 or 90 days as a band, with a legend and a sentence that says the
// same thing in words (the band alone would exclude screen-reader and colour-blind users).
import { useEffect, useId, useState } from 'react';
import type { SiteTimeline } from '../../../../shared/fleet.ts';
import { isDown, VERDICT_LABELS, type Verdict } from '../../../../shared/health/verdict.ts';
import { formatDuration, formatPercent } from '../../../../shared/uptime.ts';
import { useApi } from '../../api/api-context.tsx';
import { Busy } from '../../components/Busy.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatLondonDate, formatLondonShort } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { SegmentedControl } from '../../components/SegmentedControl.tsx';
import { VerdictIcon } from '../../components/VerdictBadge.tsx';
import { VERDICT_STYLE } from '../../fleet/verdict-style.ts';
import { layoutSpans, summariseTimeline } from './timeline-model.ts';

type Days = 7 | 30 | 90;
// Four thousandths of the band: a few pixels, so a short spell still shows.
const MIN_WIDTH = 4;
const verdictColour = (v: Verdict): string => `var(${VERDICT_STYLE[v].colour})`;
const verdictLabel = (v: Verdict): string => VERDICT_LABELS[v];
const DAY_MS = 86_400_000;
const DAY_OPTIONS = [
  { value: 7, label: '7 days' },
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
] as const;

interface Loaded extends SiteTimeline {
  days: Days;
  to: number;
}

export function VerdictTimeline({ siteId, revision }: { siteId: number; revision: number }) {
  const api = useApi();
  const [days, setDays] = useState<Days>(30);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hatchId = `hatch${useId().replace(/[^\w-]/g, '')}`;

  useEffect(() => {
    let live = true;
    void api.call('site.timeline', { id: siteId, days }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setLoaded({ ...r.data, days, to: r.data.observed?.to ?? Date.now() });
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api, siteId, days, revision]);

  const picker = <SegmentedControl label="Timeline length" value={days} options={DAY_OPTIONS} onChange={setDays} testId="timeline-days" />;
  const current = loaded?.days === days ? loaded : null;

  return (
    <Panel title="Verdict timeline" actions={picker} testId="site-timeline">
      {error && <ErrorNotice title="Could not load the timeline">{error}</ErrorNotice>}
      {!current && !error && <Busy label="Loading history…" />}
      {current && current.observed === null && <EmptyState title="Not monitored yet — history starts at the first poll." testId="timeline-empty" />}
      {/* One poll observes a moment, not a stretch: time is counted between polls. */}
      {current?.observed && current.seconds.length === 0 && <EmptyState title={`Monitored since ${formatLondonShort(current.observed.from)} — time counts from the next poll.`} testId="timeline-empty" />}
      {current?.observed && current.seconds.length > 0 && <TimelineBand loaded={current} hatchId={hatchId} />}
    </Panel>
  );
}

function TimelineBand({ loaded, hatchId }: { loaded: Loaded; hatchId: string }) {
  const from = loaded.to - loaded.days * DAY_MS;
  const segments = layoutSpans(loaded.spans, from, loaded.to);
  const summary = summariseTimeline(loaded);
  // Time before the first poll is "not yet monitored": left out of the figures, and said so.
  const since = summary.observedFrom !== null && summary.observedFrom > from ? summary.observedFrom : null;
  const sentence =
    `${formatPercent(summary.ratio)} up over ${loaded.days} days` +
    (since !== null ? ` (monitored since ${formatLondonShort(since)}; not monitored before)` : '') +
    (summary.secondsDown > 0 ? `; down for ${formatDuration(summary.secondsDown)}` : '');
  return (
    <div className="sd-timeline">
      <p className="sd-timeline-summary" data-testid="timeline-summary">
        {sentence}
      </p>
      <svg className="sd-band" viewBox="0 0 1000 32" preserveAspectRatio="none" role="img" aria-label={`Verdict timeline: ${sentence}`}>
        <defs>
          <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="#000" strokeOpacity="0.45" strokeWidth="2.5" />
          </pattern>
        </defs>
        <rect x="0" y="0" width="1000" height="32" className="sd-band-bg" />
        {segments.map((s) => (
          <g key={`${s.from}-${s.verdict}`}>
            <rect x={Math.min(s.x * 1000, 1000 - MIN_WIDTH)} y="0" width={Math.max(s.width * 1000, MIN_WIDTH)} height="32" fill={verdictColour(s.verdict)}>
              <title>{`${verdictLabel(s.verdict)}: ${formatLondonShort(s.from)} – ${formatLondonShort(s.to)}`}</title>
            </rect>
            {/* Down time is hatched as well as coloured, so it stands out in greyscale and print. */}
            {isDown(s.verdict) && <rect x={Math.min(s.x * 1000, 1000 - MIN_WIDTH)} y="0" width={Math.max(s.width * 1000, MIN_WIDTH)} height="32" fill={`url(#${hatchId})`} pointerEvents="none" />}
          </g>
        ))}
      </svg>
      <div className="sd-band-axis" aria-hidden="true">
        <span>{formatLondonDate(from)}</span>
        <span>{formatLondonDate(from + (loaded.to - from) / 2)}</span>
        <span>now</span>
      </div>
      <ul className="sd-legend" aria-label="Time per verdict">
        {summary.byVerdict.map(({ verdict, seconds }) => (
          <li key={verdict}>
            <span className={`sd-legend-swatch${isDown(verdict) ? ' sd-legend-hatched' : ''}`} style={{ background: verdictColour(verdict) }} aria-hidden="true" />
            <VerdictIcon verdict={verdict} />
            {verdictLabel(verdict)} <span className="ui-muted">{formatDuration(seconds)}</span>
          </li>
        ))}
      </ul>
      <details className="sd-spans">
        <summary>Show the changes as a list</summary>
        <table className="ui-table">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Verdict</th>
              <th scope="col">For</th>
            </tr>
          </thead>
          <tbody>
            {[...segments].reverse().slice(0, 100).map((s) => (
              <tr key={`${s.from}-${s.verdict}`}>
                <td>{formatLondonShort(s.from)}</td>
                <td>{formatLondonShort(s.to)}</td>
                <td>{verdictLabel(s.verdict)}</td>
                <td>{formatDuration((s.to - s.from) / 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
