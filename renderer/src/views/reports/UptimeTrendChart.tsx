// Fleet uptime and returns made over the period. The line breaks where nothing was counted
// rather than dropping to zero, and a sentence under the chart says what it shows.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../../../shared/uptime.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatCount } from '../../components/format.ts';
import { pointLabel, tickLabel } from './chart-format.ts';
import { type ChartPoint } from './report-model.ts';

export function UptimeTrendChart({ points, bucket, from, to }: { points: readonly ChartPoint[]; bucket: 'hour' | 'day'; from: number; to: number }) {
  const counted = points.filter((p) => p.uptimePct !== null);
  if (counted.length === 0) {
    return <EmptyState title="No history yet — polls build it up from now." testId="trend-empty">Uptime is counted from the first poll of each site; come back after a few polls, or pick a later period.</EmptyState>;
  }
  const lowest = counted.reduce((m, p) => (p.uptimePct !== null && (m.uptimePct === null || p.uptimePct < m.uptimePct) ? p : m));
  const returns = points.reduce((n, p) => n + p.returns, 0);
  const label = pointLabel(bucket);
  return (
    <figure className="rp-figure" data-testid="trend-chart">
      <div className="rp-chart" style={{ height: 280 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={[...points]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} tickFormatter={tickLabel(bucket)} stroke="var(--muted)" tick={{ fill: 'var(--muted)', fontSize: 12 }} minTickGap={24} />
            <YAxis yAxisId="pct" domain={[0, 100]} unit="%" stroke="var(--muted)" tick={{ fill: 'var(--muted)', fontSize: 12 }} width={48} />
            <YAxis yAxisId="returns" orientation="right" allowDecimals={false} stroke="var(--muted)" tick={{ fill: 'var(--muted)', fontSize: 12 }} width={44} />
            <Tooltip
              labelFormatter={(t) => label(Number(t))}
              formatter={(value, name) => (name === 'Uptime' ? [value === null || value === undefined ? 'not counted' : `${String(value)}%`, name] : [formatCount(Number(value)), name])}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
            <Legend wrapperStyle={{ color: 'var(--text)' }} />
            <Bar yAxisId="returns" dataKey="returns" name="Returns made" fill="var(--ok)" fillOpacity={0.55} isAnimationActive={false} />
            {/* Dots while history is short: a line needs two points, and a lone hour would not show. */}
            <Line yAxisId="pct" dataKey="uptimePct" name="Uptime" stroke="var(--info)" strokeWidth={2.5} dot={counted.length < 48 ? { r: 3.5, fill: 'var(--info)' } : false} connectNulls={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="rp-caption">
        {bucket === 'hour' ? 'Hourly' : 'Daily'} fleet uptime (line, left axis) and returns made (bars, right axis). Lowest: {formatPercent((lowest.uptimePct ?? 0) / 100)} in the {bucket} from {label(lowest.t)}. {formatCount(returns)} returns in all.
      </figcaption>
    </figure>
  );
}
