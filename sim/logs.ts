// The agent's log, reconstructed on demand from the school's timeline: scheduled
// transfers and how they ended, what each fault looks like from inside the service,
// and the actions people took. Each source yields at most `tail` lines, so the cost is
// bounded however long a fault has gone on.
import { DATASETS, MAX_LOG_LINES, type Dataset } from '../shared/protocol/v1.ts';
import { DAY_MS } from './calendar.ts';
import type { FaultInterval } from './faults.ts';
import { OUTDATED_B2B_VERSION, UPGRADED_SIMS_VERSION } from './profile.ts';
import type { SchoolModel } from './school.ts';
import { CRASH_PERIOD_MS } from './status.ts';
import { hungDataset, manualEnd, outcomeAt, slotsBefore } from './transfers.ts';

type Level = 'error' | 'warn' | 'info' | 'debug';
interface Line {
  at: number;
  level: Level;
  msg: string;
}
const RANK: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const hhmm = (t: number): string => new Date(t).toISOString().slice(11, 16);
const secs = (ms: number): string => `${Math.round(ms / 1000)}s`;

function transferLines(school: SchoolModel, dataset: Dataset, from: number, t: number, tail: number, out: Line[]): void {
  let n = 0;
  for (const s of slotsBefore(school, dataset, t, 40)) {
    if (s < from || n >= tail) break;
    const o = outcomeAt(school, dataset, s);
    n++;
    if (o.kind === 'skipped') {
      if (o.why === 'blocked') out.push({ at: s, level: 'warn', msg: `Skipping scheduled ${dataset} transfer: another transfer holds the lock` });
      continue;
    }
    out.push({ at: s, level: 'info', msg: `${dataset} transfer started (scheduled ${hhmm(s)} UTC)` });
    const end = s + o.duration;
    if (end > t) continue;
    if (o.kind === 'ok') {
      out.push({ at: s + 1000, level: 'debug', msg: `MIS query for ${dataset} changes returned ${o.records} rows` });
      out.push({ at: end, level: 'info', msg: `${dataset} transfer complete: ${o.records} records sent in ${secs(o.duration)}` });
    } else {
      out.push({ at: end, level: 'error', msg: `${dataset} transfer failed: ${o.code}: ${o.message}` });
    }
  }
}

function faultLines(school: SchoolModel, f: FaultInterval, from: number, t: number, tail: number, out: Line[]): void {
  const end = Math.min(f.until ?? t, t);
  const at = (time: number, level: Level, msg: string): void => {
    if (time >= from && time <= end) out.push({ at: time, level, msg });
  };
  const p = school.profile;
  switch (f.name) {
    case 'service-stopped':
      at(f.since, 'warn', 'Service stopping: stop requested by the Service Control Manager');
      at(f.since + 800, 'info', 'Service stopped');
      break;
    case 'crash-loop': {
      const first = Math.max(f.since, end - tail * CRASH_PERIOD_MS);
      for (let c = f.since + Math.ceil((first - f.since) / CRASH_PERIOD_MS) * CRASH_PERIOD_MS; c <= end; c += CRASH_PERIOD_MS) {
        at(c, 'info', `Service started (B2B ${p.b2bVersion})`);
        at(c + 2300, 'error', 'Unhandled exception: System.NullReferenceException: Object reference not set to an instance of an object. at Capita.B2B.Scheduler.LoadQueue()');
        at(c + 2400, 'warn', 'Service terminated unexpectedly; the service manager will restart it in 4 minutes');
      }
      break;
    }
    case 'hung-transfer': {
      const d = hungDataset(school, f);
      at(f.since, 'info', `${d} transfer started (manual trigger)`);
      const first = Math.max(f.since + 3_600_000, end - tail * 3_600_000);
      for (let h = f.since + Math.ceil((first - f.since) / 3_600_000) * 3_600_000; h <= end; h += 3_600_000) {
        at(h, 'warn', `${d} transfer still running after ${Math.round((h - f.since) / 3_600_000)}h: waiting for the MIS query to return`);
      }
      break;
    }
    case 'disk-full':
      at(f.since, 'warn', 'Low disk space on C: (under 100 MB free); staging files cannot be written');
      break;
    case 'clock-skew':
      at(f.since, 'warn', 'Time synchronisation failed: the time provider NtpClient cannot reach a valid time source');
      break;
    case 'mis-unreachable':
      at(f.since, 'error', `Lost connection to ${p.misProduct} database server ${p.misServer}`);
      break;
    case 'mis-upgraded':
      at(f.since, 'warn', `Detected ${p.misProduct} version ${p.misProduct === 'SIMS' ? UPGRADED_SIMS_VERSION : 'upgrade'} (was ${p.misVersion})`);
      break;
    case 'credentials-expired':
      at(f.since - 7 * DAY_MS, 'warn', 'B2B credentials expire in 7 days');
      break;
    case 'certificate-expired':
      at(f.since - 14 * DAY_MS, 'warn', 'Client certificate expires in 14 days');
      break;
    case 'agent-outdated':
      at(f.since, 'warn', `Endpoint announced a minimum client version above ${OUTDATED_B2B_VERSION}; please update the B2B client`);
      break;
    case 'not-installed':
      at(f.since, 'error', 'B2B service is not installed on this host (service CapitaB2B not found)');
      break;
    case 'slow-transfers':
      at(f.since, 'warn', 'Endpoint responding slowly (over 30 s per batch); transfers will take longer');
      break;
    case 'host-key-changed':
      at(f.since, 'info', 'Host rebuilt from image: SSH host keys regenerated');
      break;
    case 'auth-refused':
      at(f.since, 'warn', `Group Policy update replaced authorized_keys for b2b-${p.identity.urn}`);
      break;
    default:
      break;
  }
}

export function logsAt(school: SchoolModel, t: number, tail: number): { lines: Array<{ ts: string; level: Level; msg: string }>; truncated: boolean } {
  const want = Math.max(1, Math.min(MAX_LOG_LINES, tail));
  const maxRank = RANK[school.configAt(t).logLevel];
  let lines: Line[] = [];
  // Look back a few days first; go further only if that is not enough lines.
  for (const days of [3, 30]) {
    const from = t - days * DAY_MS;
    const out: Line[] = [];
    for (const d of DATASETS) transferLines(school, d, from, t, want, out);
    for (const f of school.faultIntervals()) if (f.since <= t && (f.until ?? t) >= from) faultLines(school, f, from, t, want, out);
    for (const e of school.events) if (e.at >= from && e.at <= t) out.push({ at: e.at, level: e.level, msg: e.msg });
    for (const m of school.manual) {
      if (m.startAt === null) continue;
      const { end, failure } = manualEnd(school, m, m.startAt);
      if (failure && end >= from && end <= t) out.push({ at: end, level: 'error', msg: `${m.dataset} transfer failed: ${failure.code}: ${failure.message}` });
    }
    lines = out.filter((l) => RANK[l.level] <= maxRank);
    if (lines.length >= want) break;
  }
  lines.sort((a, b) => a.at - b.at);
  const kept = lines.slice(-want);
  return { lines: kept.map((l) => ({ ts: new Date(l.at).toISOString(), level: l.level, msg: l.msg })), truncated: lines.length > kept.length };
}
