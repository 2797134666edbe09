// The history tables' column names, the same on every backend: one column of seconds per
// verdict, one of returns and one of last success per dataset, and the running totals.
import { DOWN_VERDICTS, EXCLUDED_VERDICTS, UP_VERDICTS, VERDICTS, type Verdict } from '../../../shared/health/verdict.ts';
import { DATASETS, type Dataset } from '../../../shared/protocol/v1.ts';
import type { Bucket } from './history-types.ts';

export const verdictColumn = (v: Verdict): string => `s_${v.replace(/-/g, '_')}`;
export const returnColumn = (d: Dataset): string => `r_${d}`;
export const lastSuccessColumn = (d: Dataset): string => `ls_${d}`;

export const VERDICT_COLUMNS = VERDICTS.map(verdictColumn);
export const RETURN_COLUMNS = DATASETS.map(returnColumn);
export const LAST_SUCCESS_COLUMNS = DATASETS.map(lastSuccessColumn);

/** Running totals kept in every rollup row: time by class, then returns by dataset. */
export const CLASSES = ['up', 'down', 'excluded'] as const;
export type VerdictClass = (typeof CLASSES)[number];
export const CUM_COLUMNS = [...CLASSES.map((c) => `c_${c}`), ...DATASETS.map((d) => `c_${d}`)];

export const classOf = (v: Verdict): VerdictClass => (UP_VERDICTS.includes(v) ? 'up' : DOWN_VERDICTS.includes(v) ? 'down' : 'excluded');

export const CLASS_VERDICTS: Record<VerdictClass, readonly Verdict[]> = { up: UP_VERDICTS, down: DOWN_VERDICTS, excluded: EXCLUDED_VERDICTS };

export const ROLLUP_TABLES: Record<Bucket, { table: string; key: string }> = {
  hour: { table: 'history_hourly', key: 'hour' },
  day: { table: 'history_daily', key: 'day' },
};

/** What a round writes to history_samples, in order. */
export const SAMPLE_WRITE_COLUMNS = ['site_id', 'ts', 'verdict', 'raw_verdict', 'latency_ms', 'gap_cap_s', 'reasons', ...RETURN_COLUMNS, ...LAST_SUCCESS_COLUMNS];
/** The history's half of site_latest, in the order planSample gives its values. */
export const LATEST_STATE_COLUMNS = ['ts', 'verdict', 'raw_verdict', 'since', 'latency_ms', 'reasons', ...LAST_SUCCESS_COLUMNS];
/** The poller's half of site_latest (status_json apart: a poll without a document keeps the last one). */
export const POLLER_STATE_COLUMNS = ['candidate', 'candidate_n', 'datasets', 'last_ok_at', 'failures', 'agent_version'];
