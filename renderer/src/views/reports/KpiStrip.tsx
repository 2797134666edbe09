// The figures a board asks for first, in one line: uptime, returns, recovery.
import type { TtrReport } from '../../../../shared/incidents.ts';
import type { UptimeReportView } from '../../../../shared/reports.ts';
import { formatDuration, formatPercent, share } from '../../../../shared/uptime.ts';
import { formatCount, formatMs } from '../../components/format.ts';
import { totalReturns } from './report-model.ts';

function Kpi({ label, value, sub, testId }: { label: string; value: string; sub: string; testId: string }) {
  return (
    <div className="rp-kpi" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="rp-kpi-value">{value}</span>
        <span className="rp-kpi-sub">{sub}</span>
      </dd>
    </div>
  );
}

export function KpiStrip({ report, ttr, registered }: { report: UptimeReportView; ttr: TtrReport; registered: number }) {
  const f = report.fleet;
  const returning = report.sites.filter((s) => totalReturns(s.returns) > 0).length;
  const withDowntime = report.sites.filter((s) => s.secondsDown > 0).length;
  const o = ttr.overall;
  return (
    <dl className="rp-kpis">
      <Kpi label="Fleet uptime" value={formatPercent(f.uptime)} sub={`${formatDuration(f.secondsDown)} down across ${f.sites} sites`} testId="kpi-uptime" />
      <Kpi label="Returns made" value={formatCount(totalReturns(f.returns))} sub={`${returning} of ${registered} sites made a return (${formatPercent(share(returning, registered), 0)})`} testId="kpi-returns" />
      <Kpi label="Sites with down time" value={String(withDowntime)} sub={`of ${registered} registered`} testId="kpi-down-sites" />
      <Kpi label="Mean time to recover" value={formatMs(o.meanMs)} sub={o.count === 0 ? 'no incidents recovered' : `median ${formatMs(o.medianMs)} · longest ${formatMs(o.maxMs)} · ${o.count} incidents`} testId="kpi-ttr" />
    </dl>
  );
}
