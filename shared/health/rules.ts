// Health rules: from an agent's status document (or a failed poll) to a verdict and
// its reasons. Pure functions, table-tested; the poller applies damping on top.
import { DATASETS, DATASET_LABELS, type AgentStatus, type Dataset } from '../protocol/v1.ts';
import type { SchoolCalendar } from './calendar.ts';
import { assessDataset, DEFAULT_SCHEDULE, type Schedule } from './freshness.ts';
import type { Assessment, DatasetFreshness, Reason, Verdict } from './verdict.ts';

export interface Thresholds {
  graceMs: number;
  hungAfterMs: number;
  lookbackDays: number;
  clockSkewMs: number;
  diskLowMb: number;
  diskFullMb: number;
  credentialWarnDays: number;
  startingTooLongMs: number;
  /** Records waiting longer than this mean transfers are not keeping up. */
  backlogWarnMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  graceMs: 90 * 60_000,
  // Long enough for a slow nightly run to finish; short enough to flag a hung one before school starts.
  hungAfterMs: 6 * 3_600_000,
  lookbackDays: 21,
  clockSkewMs: 5 * 60_000,
  diskLowMb: 1024,
  diskFullMb: 100,
  credentialWarnDays: 14,
  startingTooLongMs: 10 * 60_000,
  backlogWarnMs: 12 * 3_600_000,
};

export interface AssessContext {
  now: number;
  calendar: SchoolCalendar;
  schedule?: Schedule;
  /** In a maintenance window: the verdict is 'maintenance' and alerts are muted; reasons still show. */
  maintenance?: boolean;
  thresholds?: Partial<Thresholds>;
}

const DAY = 86_400_000;
/** Transfer errors that often clear on the next run (a busy server, a blip on the line). */
const TRANSIENT_ERRORS = new Set(['TIMEOUT', 'UNKNOWN', 'MIS_UNREACHABLE', 'ENDPOINT_UNREACHABLE']);
const londonFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/**
 * Formatted times already seen. A failing school repeats the same few instants poll after poll,
 * and Intl formatting was a verdict's biggest cost; cleared when full, so it stays small.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 4096;
/** School-local time, as a person in England reads it: "Sat 21 Nov, 01:30". */
function when(iso: string | null): string {
  if (!iso) return 'never';
  let text = formatted.get(iso);
  if (text === undefined) {
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    text = londonFormat.format(new Date(iso));
    formatted.set(iso, text);
  }
  return text;
}
const label = (d: Dataset) => DATASET_LABELS[d].toLowerCase();

function datasetReason(f: DatasetFreshness, serviceRunning: boolean): Reason | null {
  const what = label(f.dataset);
  const error = f.errorCode ? ` (${f.errorCode})` : '';
  switch (f.state) {
    case 'fresh':
    case 'quiet':
    case 'disabled':
      return null;
    case 'hung':
      return { code: 'transfer-hung', severity: 'bad', dataset: f.dataset, message: `The ${what} transfer has been running since ${when(f.lastAttempt)} and looks hung` };
    case 'never':
      return { code: 'never-sent', severity: 'bad', dataset: f.dataset, message: `No ${what} transfer has ever succeeded (${f.missedSlots} scheduled)` };
    case 'failed':
      // One failed run of a kind that often clears by itself is late, not broken; the next missed slot makes it stale.
      return {
        code: 'transfer-failed',
        severity: f.missedSlots > 0 && !TRANSIENT_ERRORS.has(f.errorCode ?? 'UNKNOWN') ? 'bad' : 'warn',
        dataset: f.dataset,
        message: `The last ${what} transfer failed${error}; last success ${when(f.lastSuccess)}`,
      };
    case 'overdue':
      return { code: 'dataset-overdue', severity: 'warn', dataset: f.dataset, message: `One scheduled ${what} transfer is late; last success ${when(f.lastSuccess)}` };
    case 'stale':
      return serviceRunning
        ? { code: 'running-no-data', severity: 'bad', dataset: f.dataset, message: `The service is running but no ${what} has arrived since ${when(f.lastSuccess)} (${f.missedSlots}+ transfers missed)${error}` }
        : { code: 'dataset-stale', severity: 'bad', dataset: f.dataset, message: `No ${what} since ${when(f.lastSuccess)} (${f.missedSlots}+ transfers missed)${error}` };
  }
}

function hostReasons(s: AgentStatus, now: number, t: Thresholds): Reason[] {
  const reasons: Reason[] = [];
  const state = s.service.state;
  if (state === 'stopped') reasons.push({ code: 'service-stopped', severity: 'bad', message: `The B2B service is stopped (since ${when(s.service.since)})` });
  if (state === 'crash-looping') reasons.push({ code: 'service-crash-loop', severity: 'bad', message: `The B2B service keeps crashing (${s.service.restarts24h} restarts in 24 h)` });
  if (state === 'not-installed') reasons.push({ code: 'service-not-installed', severity: 'bad', message: 'The B2B service is not installed on this host' });
  if (state === 'starting' && now - Date.parse(s.service.since) > t.startingTooLongMs) {
    reasons.push({ code: 'service-stuck-starting', severity: 'warn', message: `The B2B service has been starting since ${when(s.service.since)}` });
  }
  if (!s.mis.reachable) reasons.push({ code: 'mis-unreachable', severity: 'bad', message: `The MIS (${s.mis.product} ${s.mis.version}) is unreachable${s.mis.error ? `: ${s.mis.error}` : ''}` });
  if (!s.endpoint.reachable) reasons.push({ code: 'endpoint-unreachable', severity: 'bad', message: `The LA endpoint ${s.endpoint.url} is unreachable${s.endpoint.error ? `: ${s.endpoint.error}` : ''}` });
  for (const [key, name] of [['expires', 'credentials'], ['certificateExpires', 'certificate']] as const) {
    const iso = s.credentials[key];
    if (iso === null) continue;
    const left = Date.parse(iso) - now;
    if (left <= 0) reasons.push({ code: `${name === 'credentials' ? 'credentials' : 'certificate'}-expired`, severity: 'bad', message: `The ${name} expired on ${when(iso)}` });
    else if (left < t.credentialWarnDays * DAY) reasons.push({ code: `${name === 'credentials' ? 'credentials' : 'certificate'}-expiring`, severity: 'info', message: `The ${name} expire on ${when(iso)}` });
  }
  const skew = Date.parse(s.host.clock) - now;
  if (Math.abs(skew) > t.clockSkewMs) {
    reasons.push({ code: 'clock-skew', severity: 'bad', message: `The host clock is ${Math.round(Math.abs(skew) / 60_000)} min ${skew > 0 ? 'ahead' : 'behind'}` });
  }
  if (s.backlog.pending > 0 && s.backlog.oldest !== null && now - Date.parse(s.backlog.oldest) > t.backlogWarnMs) {
    reasons.push({ code: 'backlog-growing', severity: 'warn', message: `${s.backlog.pending} records have been waiting to send since ${when(s.backlog.oldest)}: transfers are not keeping up` });
  }
  if (s.host.diskFreeMb < t.diskFullMb) reasons.push({ code: 'disk-full', severity: 'bad', message: `The disk is full (${Math.round(s.host.diskFreeMb)} MB free)` });
  else if (s.host.diskFreeMb < t.diskLowMb) reasons.push({ code: 'disk-low', severity: 'warn', message: `The disk is nearly full (${Math.round(s.host.diskFreeMb)} MB free)` });
  return reasons;
}

export function verdictOf(reasons: readonly Reason[], maintenance = false): Verdict {
  if (maintenance) return 'maintenance';
  if (reasons.some((r) => r.severity === 'bad')) return 'failing';
  if (reasons.some((r) => r.severity === 'warn')) return 'lagging';
  return 'healthy';
}

export function assessStatus(status: AgentStatus, ctx: AssessContext): Assessment {
  const t = { ...DEFAULT_THRESHOLDS, ...ctx.thresholds };
  const schedule = ctx.schedule ?? DEFAULT_SCHEDULE;
  const opts = { now: ctx.now, calendar: ctx.calendar, graceMs: t.graceMs, hungAfterMs: t.hungAfterMs, lookbackDays: t.lookbackDays };
  const datasets = DATASETS.map((d) => assessDataset(d, status.datasets[d], schedule[d], opts));
  const running = status.service.state === 'running';
  const reasons = [...hostReasons(status, ctx.now, t), ...datasets.map((f) => datasetReason(f, running)).filter((r): r is Reason => r !== null)];
  const order = { bad: 0, warn: 1, info: 2 };
  reasons.sort((a, b) => order[a.severity] - order[b.severity]);
  return { verdict: verdictOf(reasons, ctx.maintenance), reasons, datasets };
}

/** Why a poll produced no status document. */
export type PollFailureKind = 'unreachable' | 'timeout' | 'auth-failed' | 'hostkey-changed' | 'protocol-error' | 'agent-error' | 'agent-hung';

const FAILURE_VERDICT: Record<PollFailureKind, Verdict> = {
  unreachable: 'unreachable',
  timeout: 'unreachable',
  'auth-failed': 'auth-failed',
  'hostkey-changed': 'hostkey-changed',
  'protocol-error': 'protocol-error',
  'agent-error': 'protocol-error',
  // SSH works and the agent took the command: an agent fault, so never 'unreachable'.
  'agent-hung': 'protocol-error',
};

export function assessFailure(kind: PollFailureKind, message: string, maintenance = false): Assessment {
  const verdict = maintenance ? 'maintenance' : FAILURE_VERDICT[kind];
  return { verdict, reasons: [{ code: kind, severity: 'bad', message }], datasets: [] };
}
