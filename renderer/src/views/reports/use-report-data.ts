// Everything a report needs for one period, fetched together so every figure on the page
// comes from the same moment: uptime by each split, the chart series, time to recover.
import { useEffect, useState } from 'react';
import type { Result } from '../../../../shared/result.ts';
import type { TtrReport } from '../../../../shared/incidents.ts';
import type { GroupColumnName, SeriesPointView, UptimeReportView } from '../../../../shared/reports.ts';
import type { Site } from '../../../../shared/site.ts';
import { useApi } from '../../api/api-context.tsx';
import { seriesBucket } from './periods.ts';

export interface ReportData {
  from: number;
  to: number;
  bucket: 'hour' | 'day';
  sites: Site[];
  uptime: Record<GroupColumnName, UptimeReportView>;
  series: SeriesPointView[];
  ttr: Record<GroupColumnName, TtrReport>;
  loadedAt: number;
}

export interface ReportState {
  data: ReportData | null;
  loading: boolean;
  error: string | null;
}

const unwrap = <T,>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
};

export function useReportData(range: { from: number; to: number } | null): ReportState {
  const api = useApi();
  const [state, setState] = useState<ReportState>({ data: null, loading: true, error: null });
  const from = range?.from ?? null;
  const to = range?.to ?? null;

  useEffect(() => {
    if (from === null || to === null) return;
    let live = true;
    const span = { from, to };
    const bucket = seriesBucket(span);
    const uptime = (groupBy: GroupColumnName) => api.call('uptime.report', { range: span, groupBy }).then(unwrap);
    const ttr = (groupBy: 'area' | 'phase' | 'typeGroup') => api.call('incidents.ttr', { from, to, groupBy }).then(unwrap);
    // Keep the last report on screen (marked as loading) rather than flashing an empty page.
    void Promise.resolve()
      .then(() => live && setState((s) => ({ ...s, loading: true })))
      .then(() => Promise.all([api.call('sites.list', {}).then(unwrap), uptime('area'), uptime('phase'), uptime('type_group'), api.call('uptime.series', { range: span, siteId: null, bucket }).then(unwrap), ttr('area'), ttr('phase'), ttr('typeGroup')]))
      .then(([sites, area, phase, typeGroup, series, ttrArea, ttrPhase, ttrType]) => {
        if (!live) return;
        setState({
          data: { from, to, bucket, sites, uptime: { area, phase, type_group: typeGroup }, series, ttr: { area: ttrArea, phase: ttrPhase, type_group: ttrType }, loadedAt: Date.now() },
          loading: false,
          error: null,
        });
      })
      .catch((err: unknown) => {
        if (live) setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }));
      });
    return () => {
      live = false;
    };
  }, [api, from, to]);

  return state;
}
