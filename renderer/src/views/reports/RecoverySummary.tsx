// Time to recover: how long schools waited for a fix, overall and by group.
import { useState } from 'react';
import type { TtrReport } from '../../../../shared/incidents.ts';
import type { GroupColumnName } from '../../../../shared/reports.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatMs } from '../../components/format.ts';
import { SegmentedControl } from '../../components/SegmentedControl.tsx';
import { groupName, SPLITS } from './report-model.ts';

export function RecoverySummary({ ttr }: { ttr: Record<GroupColumnName, TtrReport> }) {
  const [split, setSplit] = useState<GroupColumnName>('area');
  const report = ttr[split];
  const o = report.overall;
  const label = SPLITS.find((s) => s.column === split)?.label ?? split;
  if (o.count === 0) {
    return <EmptyState title="No incidents were recovered in this period." testId="ttr-empty">Time to recover is measured from when a site went down to when it came back.</EmptyState>;
  }
  return (
    <div className="rp-ttr" data-testid="ttr-summary">
      <dl className="rp-ttr-overall">
        <div>
          <dt>Incidents recovered</dt>
          <dd>{o.count}</dd>
        </div>
        <div>
          <dt>Mean</dt>
          <dd>{formatMs(o.meanMs)}</dd>
        </div>
        <div>
          <dt>Median</dt>
          <dd>{formatMs(o.medianMs)}</dd>
        </div>
        <div>
          <dt>Longest</dt>
          <dd>{formatMs(o.maxMs)}</dd>
        </div>
      </dl>
      <div className="rp-ttr-split no-print">
        <SegmentedControl label="Group time to recover by" value={split} options={SPLITS.map((s) => ({ value: s.column, label: s.label }))} onChange={setSplit} testId="ttr-split" />
      </div>
      <table className="ui-table rp-table">
        <caption className="visually-hidden">Time to recover by {label.toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            <th scope="col" className="num">
              Incidents
            </th>
            <th scope="col" className="num">
              Mean
            </th>
            <th scope="col" className="num">
              Median
            </th>
            <th scope="col" className="num">
              Longest
            </th>
          </tr>
        </thead>
        <tbody>
          {report.groups.map((g) => (
            <tr key={g.group ?? '(none)'}>
              <th scope="row">{groupName(g.group)}</th>
              <td className="num">{g.count}</td>
              <td className="num">{formatMs(g.meanMs)}</td>
              <td className="num">{formatMs(g.medianMs)}</td>
              <td className="num">{formatMs(g.maxMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
