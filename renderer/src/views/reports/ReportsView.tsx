// The manager's report: uptime and returns made over a school-calendar period, split by
// area, phase and type group, a league of sites, time to recover; exported as CSV, printed
// or saved as PDF for the IT strategy board.
import { useEffect, useState } from 'react';
import type { TermDate } from '../../../../shared/uptime.ts';
import { useApi } from '../../api/api-context.tsx';
import { Busy } from '../../components/Busy.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatLondonDate, formatLondonTime } from '../../components/format.ts';
import { customRange, presetRange, type PresetId, type ReportRange } from './periods.ts';
import { PeriodPicker } from './PeriodPicker.tsx';
import { ReportBody } from './ReportBody.tsx';
import { useReportData } from './use-report-data.ts';
import './reports.css';

// Read in event handlers: a period is fixed when someone picks it, not on every render.
const currentTime = (): number => Date.now();

function initialRange(): ReportRange | null {
  return presetRange('this-week', currentTime(), []);
}

export function ReportsView() {
  const api = useApi();
  const [terms, setTerms] = useState<TermDate[] | null>(null);
  const [preset, setPreset] = useState<PresetId>('this-week');
  const [range, setRange] = useState<ReportRange | null>(initialRange);
  const [custom, setCustom] = useState<{ start: string; end: string }>(() => ({ start: range?.startDate ?? '', end: range?.endDate ?? '' }));
  const [problem, setProblem] = useState<string | null>(null);
  const state = useReportData(range);

  useEffect(() => {
    void api.call('settings.get', {}).then((r) => setTerms(r.ok ? r.data.terms : []));
  }, [api]);

  const choose = (id: PresetId) => {
    setPreset(id);
    if (id === 'custom') return applyCustom(custom.start, custom.end);
    const next = presetRange(id, currentTime(), terms ?? []);
    if (next) {
      setRange(next);
      setProblem(null);
    } else setProblem(terms === null ? 'Loading the school calendar…' : 'No term dates are set for that. Add the school terms in Settings.');
  };
  const applyCustom = (start: string, end: string) => {
    setCustom({ start, end });
    const next = customRange(start, end, currentTime());
    if (next) {
      setRange(next);
      setProblem(null);
    } else setProblem('Pick a start date on or before the end date.');
  };

  return (
    <section className="rp" aria-labelledby="reports-title" data-testid="reports" data-range-from={state.data?.from} data-range-to={state.data?.to} data-loading={state.loading}>
      <header className="rp-head">
        <div>
          <h2 id="reports-title">Uptime and returns</h2>
          {range && (
            <p className="rp-range" data-testid="report-range">
              <strong>{range.name}</strong> · {formatLondonDate(range.from)} – {range.toDate ? `${formatLondonTime(range.to)} (so far)` : formatLondonDate(range.to - 1)}
            </p>
          )}
        </div>
      </header>
      <PeriodPicker preset={preset} onPreset={choose} customStart={custom.start} customEnd={custom.end} onCustom={applyCustom} problem={problem} />
      {state.error && <ErrorNotice title="Could not build the report">{state.error}</ErrorNotice>}
      {state.loading && <Busy label={state.data ? 'Updating the report…' : 'Building the report…'} testId="report-busy" />}
      {state.data && range && (state.data.sites.length === 0 ? <EmptyState title="No sites in the register yet.">Add sites, or start the demo fleet, and polls will build the history these reports read.</EmptyState> : <ReportBody data={state.data} range={range} />)}
    </section>
  );
}
