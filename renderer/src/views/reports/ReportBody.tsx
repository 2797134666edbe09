// The report itself for one loaded period, with its exports. Everything here reads the same
// ReportData, so the screen, the CSV files and the printout agree.
import { useState } from 'react';
import { londonDate } from '../../../../shared/uptime.ts';
import { formatLondonTime } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { downloadText } from './download.ts';
import { GroupSplit } from './GroupSplit.tsx';
import { KpiStrip } from './KpiStrip.tsx';
import { LeagueTable } from './LeagueTable.tsx';
import type { ReportRange } from './periods.ts';
import { printReport } from './print-report.ts';
import { csvFileName, groupsCsv, leagueCsv } from './report-csv.ts';
import { chartPoints, groupRows, leagueRows, SPLITS } from './report-model.ts';
import { RecoverySummary } from './RecoverySummary.tsx';
import type { ReportData } from './use-report-data.ts';
import { UptimeTrendChart } from './UptimeTrendChart.tsx';

export function ReportBody({ data, range }: { data: ReportData; range: ReportRange }) {
  const [notice, setNotice] = useState<string | null>(null);
  const fleet = data.uptime.area.fleet;
  const league = leagueRows(data.sites, data.uptime.area, data.ttr.area);
  const splits = SPLITS.map((s) => ({ ...s, rows: groupRows(data.uptime[s.column], data.ttr[s.column], s.column, data.sites) }));
  const start = londonDate(data.from);
  const end = londonDate(data.to - 1);

  const exportLeague = () => {
    downloadText(csvFileName('uptime-league', start, end), leagueCsv(league, fleet));
    setNotice(`League table exported: ${league.length} sites.`);
  };
  const exportGroups = () => {
    downloadText(csvFileName('uptime-by-group', start, end), groupsCsv(splits, fleet));
    setNotice('Group splits exported: area, phase and type group.');
  };
  const print = async () => {
    const outcome = await printReport();
    if (outcome.kind === 'saved') setNotice(`PDF saved to ${outcome.path}`);
    else if (outcome.kind === 'failed') setNotice(`Could not save the PDF: ${outcome.message}`);
  };

  return (
    <div className="rp-body">
      <div className="rp-toolbar no-print" role="toolbar" aria-label="Export">
        <button type="button" onClick={exportLeague} data-testid="export-league">
          Export league CSV
        </button>
        <button type="button" onClick={exportGroups} data-testid="export-groups">
          Export groups CSV
        </button>
        <button type="button" className="primary" onClick={() => void print()} data-testid="print-report">
          Print / PDF
        </button>
        {notice && (
          <span className="rp-notice" role="status" data-testid="export-notice">
            {notice}
          </span>
        )}
      </div>
      <div className="print-only rp-print-head">
        <h1>B2B service report: uptime and returns</h1>
        <p>
          {range.name} · {start} to {end} · generated {formatLondonTime(data.loadedAt)}
        </p>
      </div>
      <KpiStrip report={data.uptime.area} ttr={data.ttr.area} registered={data.sites.length} />
      <Panel title="Fleet uptime and returns over time" testId="trend">
        <UptimeTrendChart points={chartPoints(data.series)} bucket={data.bucket} from={data.from} to={data.to} />
      </Panel>
      <div className="rp-splits">
        {splits.map((s) => (
          <GroupSplit key={s.column} label={s.label} column={s.column} rows={s.rows} />
        ))}
      </div>
      <Panel title="League table: worst uptime first" testId="league">
        <LeagueTable rows={league} />
      </Panel>
      <Panel title="Time to recover" testId="ttr">
        <RecoverySummary ttr={data.ttr} />
      </Panel>
      <p className="rp-sources ui-muted">
        Uptime counts time a site was healthy or lagging against time it was down; maintenance and unknown time are left out. Figures from{' '}
        {data.uptime.area.sources.map((s) => `${s.bucket === 'hour' ? 'hourly' : 'daily'} rollups ${formatLondonTime(s.from)} – ${formatLondonTime(s.to)}`).join(' and ') || 'no recorded history'}.
      </p>
    </div>
  );
}
