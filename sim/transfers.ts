// When each dataset should have been sent and what happened when it was. Nothing ticks:
// a slot's outcome is a pure function of the school, the faults in force at that moment
// and a hash of (seed, urn, dataset, slot), so a status at any sim time is computed on
// demand and costs the same for one site or five thousand.
import type { AgentConfig, Dataset, DatasetStatus, TransferErrorCode } from '../shared/protocol/v1.ts';
import { DAY_MS, isSchoolDay, localDay, localTimeToUtc, minutesOf, weekday } from './calendar.ts';
import type { FaultInterval, FaultName } from './faults.ts';
import { intFrom, unit } from './prng.ts';
import { MIN_B2B_VERSION, OUTDATED_B2B_VERSION, UPGRADED_SIMS_VERSION, sameEndpoint, type SchoolProfile } from './profile.ts';

/** What the transfer math needs to know about a school at a moment. */
export interface SchoolTimeline {
  readonly seed: string | number;
  readonly profile: SchoolProfile;
  readonly transientFailureRate: number;
  faultAt(name: FaultName, t: number): FaultInterval | null;
  configAt(t: number): AgentConfig;
  currentConfig(): AgentConfig;
  /** Whether the config in force at t sends the dataset (protocol 1.1 `enabled`; absent = all). */
  enabledAt(dataset: Dataset, t: number): boolean;
}

export type SlotOutcome =
  | { kind: 'skipped'; why: 'service' | 'blocked' }
  | { kind: 'ok'; duration: number; records: number }
  | { kind: 'failed'; duration: number; code: TransferErrorCode; message: string };

export interface Failure {
  code: TransferErrorCode;
  message: string;
}

const SERVICE_DOWN: readonly FaultName[] = ['not-installed', 'service-stopped', 'crash-loop', 'service-wont-start'];

export function serviceDownAt(school: SchoolTimeline, t: number): FaultInterval | null {
  for (const name of SERVICE_DOWN) {
    const f = school.faultAt(name, t);
    if (f) return f;
  }
  return null;
}

export function misReachable(school: SchoolTimeline, config: AgentConfig, t: number): boolean {
  return school.faultAt('mis-unreachable', t) === null && config.mis.server === school.profile.misServer;
}

export function endpointLive(school: SchoolTimeline, config: AgentConfig): boolean {
  return school.profile.liveEndpoints.some((e) => sameEndpoint(e, config.endpointUrl));
}

const fmtDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** Why a transfer started at t would fail, checked in the order the B2B client meets them. */
export function failureAt(school: SchoolTimeline, t: number): Failure | null {
  const p = school.profile;
  const config = school.configAt(t);
  if (school.faultAt('disk-full', t)) return { code: 'DISK_FULL', message: `Could not write staging file C:\\ProgramData\\Capita\\B2B\\Outbox: There is not enough space on the disk.` };
  const skew = school.faultAt('clock-skew', t);
  if (skew) return { code: 'CLOCK_SKEW', message: `Endpoint rejected message: timestamp outside the allowed window (host clock is ${skewText(skewMinutesOf(school, skew))}).` };
  if (school.faultAt('agent-outdated', t)) return { code: 'AGENT_OUTDATED', message: `Endpoint rejected client version ${OUTDATED_B2B_VERSION}; the minimum supported version is ${MIN_B2B_VERSION}.` };
  if (!misReachable(school, config, t)) {
    return { code: 'MIS_UNREACHABLE', message: `Cannot connect to MIS database '${config.mis.database}' on ${config.mis.server}: a network-related or instance-specific error occurred (error 26).` };
  }
  if (school.faultAt('mis-upgraded', t)) return { code: 'MIS_VERSION_UNSUPPORTED', message: `${p.misProduct} version ${misVersionAt(school, t)} is not supported by this B2B client (supported up to ${p.misVersion}).` };
  if (!endpointLive(school, config)) return { code: 'ENDPOINT_UNREACHABLE', message: `Could not connect to ${hostOf(config.endpointUrl)}:443: No such host is known.` };
  const cred = school.faultAt('credentials-expired', t);
  if (cred) return { code: 'AUTH_EXPIRED', message: `Endpoint returned 401 Unauthorized: the school's B2B credentials expired on ${fmtDate(credentialsExpireAt(school, t))}.` };
  const cert = school.faultAt('certificate-expired', t);
  if (cert) return { code: 'CERT_EXPIRED', message: `TLS handshake failed: the client certificate expired on ${fmtDate(certificateExpiresAt(school, t))}.` };
  return null;
}

export function skewMinutesOf(school: SchoolTimeline, fault: FaultInterval): number {
  return fault.params.skewMinutes ?? (unit(school.seed, school.profile.identity.urn, 'skew') < 0.5 ? -1 : 1) * intFrom(9, 240, school.seed, school.profile.identity.urn, 'skew-size');
}

function skewText(minutes: number): string {
  const abs = Math.abs(minutes);
  const size = abs >= 120 ? `${Math.round(abs / 60)} hours` : `${abs} minutes`;
  return `${size} ${minutes > 0 ? 'ahead' : 'behind'}`;
}

export function misVersionAt(school: SchoolTimeline, t: number): string {
  const p = school.profile;
  if (!school.faultAt('mis-upgraded', t)) return p.misVersion;
  return p.misProduct === 'SIMS' ? UPGRADED_SIMS_VERSION : `${p.misVersion.split('.')[0] ?? '1'}.99`;
}

export function credentialsExpireAt(school: SchoolTimeline, t: number): number {
  const f = school.faultAt('credentials-expired', t);
  return f ? f.since - intFrom(0, 3, school.seed, school.profile.identity.urn, 'cred') * DAY_MS : school.profile.credentialsExpire;
}

export function certificateExpiresAt(school: SchoolTimeline, t: number): number {
  const f = school.faultAt('certificate-expired', t);
  return f ? f.since : school.profile.certificateExpires;
}

/** Changed records a scheduled run finds: roughly what changes in a school in half a day. */
export function recordsFor(school: SchoolTimeline, dataset: Dataset, slot: number): number {
  const pupils = school.profile.identity.pupils ?? 300;
  const r = unit(school.seed, school.profile.identity.urn, dataset, slot, 'records');
  switch (dataset) {
    case 'pupils':
      return Math.round(pupils * 0.03 * r);
    case 'attendance':
      return Math.round(pupils * (0.8 + 0.4 * r));
    case 'exclusions':
      return r < 0.85 ? 0 : Math.ceil((r - 0.85) * 20);
    case 'assessment':
      return Math.round(pupils * 0.6 * r);
  }
}

/** Records in a full (resync) transfer. */
export function fullRecordsFor(school: SchoolTimeline, dataset: Dataset): number {
  const pupils = school.profile.identity.pupils ?? 300;
  const per: Record<Dataset, number> = { pupils: 3, attendance: 380, exclusions: 0.05, assessment: 12 };
  return Math.max(1, Math.round(pupils * per[dataset]));
}

export function durationFor(school: SchoolTimeline, dataset: Dataset, records: number, slot: number): number {
  const base = 15_000 + records * 40 + intFrom(0, 45_000, school.seed, school.profile.identity.urn, dataset, slot, 'dur');
  return school.faultAt('slow-transfers', slot) ? base * 40 + 3 * 3_600_000 : base;
}

export function outcomeAt(school: SchoolTimeline, dataset: Dataset, slot: number): SlotOutcome {
  if (serviceDownAt(school, slot)) return { kind: 'skipped', why: 'service' };
  const hung = school.faultAt('hung-transfer', slot);
  if (hung && slot >= hung.since) return { kind: 'skipped', why: 'blocked' };
  const failure = failureAt(school, slot);
  if (failure) return { kind: 'failed', duration: failure.code === 'MIS_UNREACHABLE' ? 30_000 : 4_000, ...failure };
  const urn = school.profile.identity.urn;
  if (unit(school.seed, urn, dataset, slot, 'transient') < school.transientFailureRate) {
    return { kind: 'failed', duration: 120_000, code: 'TIMEOUT', message: 'The operation timed out waiting for the endpoint to acknowledge the batch.' };
  }
  const records = recordsFor(school, dataset, slot);
  return { kind: 'ok', duration: durationFor(school, dataset, records, slot), records };
}

/**
 * Scheduled slots for a dataset at or before t, newest first, on school days only, back to install.
 * A slot when the config in force left the dataset out of `enabled` is no slot: the agent sends
 * nothing and its status entry for the dataset keeps what the last transfer recorded.
 */
export function* slotsBefore(school: SchoolTimeline, dataset: Dataset, t: number, maxDays = 400): Generator<number> {
  const config = school.currentConfig();
  const times = config.schedule[dataset].map(minutesOf).sort((a, b) => b - a);
  const days = new Set(config.days[dataset]);
  const first = localDay(t);
  const floor = Math.max(first - maxDays, localDay(school.profile.installedAt));
  for (let day = first; day >= floor; day--) {
    if (!days.has(weekday(day)) || !isSchoolDay(day)) continue;
    for (const m of times) {
      const s = localTimeToUtc(day, m);
      if (s <= t && s >= school.profile.installedAt && school.enabledAt(dataset, s)) yield s;
    }
  }
}

/** A full transfer asked for by `resync`; it waits while the site cannot send. */
export interface ManualTransfer {
  dataset: Dataset;
  queuedAt: number;
  startAt: number | null;
  duration: number;
  records: number;
}

/** Batches of a full transfer; resync-partial fails one of them, never the first or the last. */
const BATCH_RECORDS = 500;

/**
 * When a started full transfer ends, and why it stopped short if resync-partial was in
 * force for its dataset when it started. Judged at the start, so clearing the fault later
 * does not rewrite a transfer that already failed.
 */
export function manualEnd(school: SchoolTimeline, m: ManualTransfer, startAt: number): { end: number; failure: Failure | null } {
  const fault = school.faultAt('resync-partial', startAt);
  if (fault === null || fault.params.dataset !== m.dataset) return { end: startAt + m.duration, failure: null };
  const batches = Math.max(3, Math.ceil(m.records / BATCH_RECORDS));
  const failed = intFrom(2, batches - 1, school.seed, school.profile.identity.urn, m.dataset, startAt, 'resync-partial');
  return {
    end: startAt + Math.floor((m.duration * (failed - 0.5)) / batches),
    failure: { code: 'ENDPOINT_REJECTED', message: `Full ${m.dataset} transfer stopped at batch ${failed} of ${batches}: the endpoint answered 500 Internal Server Error.` },
  };
}

export interface DatasetView {
  status: DatasetStatus;
  /** Changed records waiting because transfers did not happen or failed. */
  pending: number;
  oldestPending: number | null;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

export function datasetAt(school: SchoolTimeline, dataset: Dataset, t: number, manual: readonly ManualTransfer[]): DatasetView {
  let lastAttempt: number | null = null;
  let result: DatasetStatus['result'] = 'never';
  let errorCode: TransferErrorCode | null = null;
  let errorMessage: string | null = null;
  let runningSince: number | null = null;
  let lastSuccess: number | null = null;
  let recordsSent = 0;
  // Scheduled runs that did not deliver since the last one that did: their changes wait.
  const missed: number[] = [];
  let pending = 0;
  let oldestPending: number | null = null;
  const wait = (since: number, records: number): void => {
    pending += records;
    oldestPending = oldestPending === null ? since : Math.min(oldestPending, since);
  };

  for (const s of slotsBefore(school, dataset, t)) {
    const o = outcomeAt(school, dataset, s);
    const done = o.kind !== 'skipped' && t >= s + o.duration;
    if (o.kind !== 'skipped' && lastAttempt === null) {
      lastAttempt = s;
      if (!done) {
        result = 'running';
        runningSince = s;
      } else {
        result = o.kind;
        if (o.kind === 'failed') {
          errorCode = o.code;
          errorMessage = o.message;
        }
      }
    }
    if (o.kind === 'ok' && done) {
      lastSuccess = s + o.duration;
      recordsSent = o.records;
      break;
    }
    missed.push(s);
  }

  // A completed full transfer carries every change that was waiting when it started.
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const m of manual) {
    if (m.dataset !== dataset || m.queuedAt > t) continue;
    if (m.startAt === null || m.startAt > t) {
      wait(m.queuedAt, m.records);
      continue;
    }
    const { end, failure } = manualEnd(school, m, m.startAt);
    if (t < end) {
      wait(m.queuedAt, m.records);
      if (lastAttempt === null || m.startAt >= lastAttempt) {
        lastAttempt = m.startAt;
        result = 'running';
        runningSince = m.startAt;
        errorCode = null;
        errorMessage = null;
      }
    } else if (failure) {
      // The agent gives up on a failed full transfer: nothing waits for it, nothing is covered.
      if (lastAttempt === null || m.startAt >= lastAttempt) {
        lastAttempt = m.startAt;
        result = 'failed';
        errorCode = failure.code;
        errorMessage = failure.message;
        runningSince = null;
      }
    } else {
      coveredUntil = Math.max(coveredUntil, m.startAt);
      if (lastSuccess === null || m.startAt + m.duration > lastSuccess) {
        lastSuccess = m.startAt + m.duration;
        recordsSent = m.records;
      }
      if (lastAttempt === null || m.startAt >= lastAttempt) {
        lastAttempt = m.startAt;
        result = 'ok';
        errorCode = null;
        errorMessage = null;
        runningSince = null;
      }
    }
  }
  for (const s of missed) if (s >= coveredUntil) wait(s, recordsFor(school, dataset, s));

  // A slow link never drains its queue: part of every run since it slowed is still waiting.
  const slow = school.faultAt('slow-transfers', t);
  if (slow) {
    let n = 0;
    for (const s of slotsBefore(school, dataset, t)) {
      if (s < slow.since || n++ >= 120) break;
      if (s >= coveredUntil) wait(s, Math.ceil(recordsFor(school, dataset, s) * 0.4));
    }
  }

  const hung = school.faultAt('hung-transfer', t);
  if (hung && hungDataset(school, hung) === dataset) {
    lastAttempt = hung.since;
    result = 'running';
    runningSince = hung.since;
    errorCode = null;
    errorMessage = null;
  }

  return {
    status: { lastSuccess: iso(lastSuccess), lastAttempt: iso(lastAttempt), result, errorCode, errorMessage, recordsSent, runningSince: iso(runningSince) },
    pending,
    oldestPending,
  };
}

export function hungDataset(school: SchoolTimeline, fault: FaultInterval): Dataset {
  return fault.params.dataset ?? (['pupils', 'attendance', 'exclusions', 'assessment'] as const)[intFrom(0, 3, school.seed, school.profile.identity.urn, 'hung')] ?? 'attendance';
}
