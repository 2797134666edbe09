// Uptime and returns by one grouping (area, phase or type group): a bar per group for the
// shape, and the table beside it for the figures.
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatDuration, formatPercent } from '../../../../shared/uptime.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatCount } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { groupName, type GroupRow } from './report-model.ts';

export function GroupSplit({ label, column, rows }: { label: string; column: string; rows: readonly GroupRow[] }) {
  const bars = rows.map((g) => ({ name: groupName(g.group), pct: g.uptime === null ? 0 : Math.floor(g.uptime * 1000) / 10 }));
  return (
    <Panel title={`By ${label.toLowerCase()}`} testId={`split-${column}`} className="rp-split">
      {rows.every((g) => g.uptime === null) ? (
        <EmptyState title="No history yet — polls build it up from now." />
      ) : (
        <div className="rp-split-body">
          {/* The table beside it carries the figures for assistive technology; the bars are the picture. */}
          <div className="rp-split-chart" style={{ height: Math.max(120, rows.length * 34 + 30) }} aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={bars} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 48, bottom: 4, left: 4 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" domain={[0, 100]} unit="%" stroke="var(--muted)" tick={{ fill: 'var(--muted)', fontSize: 11 }} />
                <YAxis type="category" dataKey="name" width={150} stroke="var(--muted)" tick={{ fill: 'var(--text)', fontSize: 12 }} />
                <Bar dataKey="pct" fill="var(--info)" isAnimationActive={false}>
                  <LabelList dataKey="pct" position="right" formatter={(v) => `${Number(v).toFixed(1)}%`} style={{ fill: 'var(--text)', fontSize: 11 }} />
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="ui-table rp-table" data-testid={`split-${column}-table`}>
            <caption className="visually-hidden">Uptime and returns by {label.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">{label}</th>
                <th scope="col" className="num">
                  Sites
                </th>
                <th scope="col" className="num">
                  Uptime
                </th>
                <th scope="col" className="num">
                  Down time
                </th>
                <th scope="col" className="num">
                  Returns
                </th>
                <th scope="col" className="num">
                  Sites returning
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.group ?? '(none)'}>
                  <th scope="row">{groupName(g.group)}</th>
                  <td className="num">{g.sites}</td>
                  <td className="num">{formatPercent(g.uptime)}</td>
                  <td className="num">{formatDuration(g.secondsDown)}</td>
                  <td className="num">{formatCount(g.returnsTotal)}</td>
                  <td className="num">
                    {g.sitesReturning} of {g.sites}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
