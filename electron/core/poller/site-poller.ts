// Polls one site: connect (through the pool, with the pinned host key), ask for the
// status, fetch the agent's config when its hash changed (for the schedule), and
// assess. Every way this can fail becomes an Assessment with a reason a person can act on.
import type { SchoolCalendar } from '../../../shared/health/calendar.ts';
import { DEFAULT_SCHEDULE, scheduleFromConfig } from '../../../shared/health/freshness.ts';
import { assessFailure, assessStatus, type PollFailureKind } from '../../../shared/health/rules.ts';
import type { Assessment } from '../../../shared/health/verdict.ts';
import type { AgentConfig, AgentStatus } from '../../../shared/protocol/v1.ts';
import type { SetUpSite } from '../../../shared/site.ts';
import { runVerb } from '../ssh/agent-client.ts';
import { failure, type SshFailure } from '../ssh/failures.ts';
import type { SshConnectionOptions, SshTimeouts } from '../ssh/ssh-connection.ts';
import type { Credential } from '../secrets/credential-store.ts';
import type { ConnectionPool } from './connection-pool.ts';

export interface PollTarget {
  site: Pick<SetUpSite, 'id' | 'host' | 'port' | 'user'>;
  credential: Credential | null;
  pinnedFingerprint: string | null;
  /** A key a person rejected: a host presenting it is told apart from one waiting for approval. */
  rejectedFingerprint?: string | null;
  /** A key was waiting or refused when the poll began: a poll that gets through settles it. */
  hostKeyInDoubt?: boolean;
  /** The agent config last fetched, if any. */
  knownConfig: { hash: string; config: AgentConfig } | null;
  maintenance: boolean;
}

export interface PollContext {
  now: () => number;
  calendar: SchoolCalendar;
  timeouts: SshTimeouts;
  /** Bounds one poll from start to end, whatever the site does. */
  overallMs: number;
}

export interface PollResult {
  siteId: number;
  startedAt: number;
  finishedAt: number;
  latencyMs: number | null;
  assessment: Assessment;
  status: AgentStatus | null;
  /** A host key seen but not pinned (first contact or changed). */
  unpinnedFingerprint: string | null;
  /** The poll began with a key waiting or refused (see PollTarget): only then is there anything to settle. */
  hostKeyInDoubt?: boolean;
  /** A newly fetched agent config, when its hash changed. */
  newConfig: { hash: string; config: AgentConfig } | null;
  /** The transport failed (unreachable, timeout): counts towards backoff. */
  transportFailure: boolean;
}

const STALE_CONNECTION_KINDS = new Set<SshFailure['kind']>(['channel-closed', 'not-connected', 'connection-reset']);
const TRANSPORT_KINDS = new Set<SshFailure['kind']>(['channel-closed', 'connect-timeout', 'connect-refused', 'connection-reset', 'unreachable', 'keepalive-timeout', 'not-connected', 'exec-timeout', 'overall-timeout', 'agent-hung']);

function failureKind(f: SshFailure): PollFailureKind | null {
  switch (f.kind) {
    case 'connect-timeout':
    case 'exec-timeout':
    case 'overall-timeout':
      return 'timeout';
    case 'connect-refused':
    case 'connection-reset':
    case 'channel-closed': // dropped mid-command even after a fresh retry: the network, not the agent
    case 'unreachable':
    case 'keepalive-timeout':
    case 'not-connected':
      return 'unreachable';
    case 'agent-hung':
      return 'agent-hung';
    case 'auth-failed':
      return 'auth-failed';
    case 'hostkey-changed':
      return 'hostkey-changed';
    case 'handshake-failed':
    case 'output-too-large':
    case 'protocol-error':
      return 'protocol-error';
    case 'hostkey-unknown':
    case 'credentials-invalid':
    case 'aborted':
      return null;
  }
}

function failureAssessment(f: SshFailure, maintenance: boolean, rejected: string | null = null): Assessment {
  const kind = failureKind(f);
  if (f.kind === 'hostkey-changed' && f.actual === rejected) {
    return assessFailure('hostkey-changed', `The host presents ${f.actual}, a key that was rejected (pinned ${f.expected}); nothing was sent. Check the server with the school.`, maintenance);
  }
  if (f.kind === 'hostkey-unknown' && f.actual === rejected) {
    return { verdict: maintenance ? 'maintenance' : 'unknown', reasons: [{ code: 'hostkey-rejected', severity: 'warn', message: `The host presents ${f.actual}, a key that was rejected; nothing is sent to it. A different key will be offered for approval.` }], datasets: [] };
  }
  if (kind) return assessFailure(kind, humanMessage(f), maintenance);
  const code = f.kind === 'hostkey-unknown' ? 'hostkey-pending' : f.kind;
  const message = f.kind === 'hostkey-unknown' ? `New host key ${f.actual}: approve it in the site's details before the console talks to this host` : humanMessage(f);
  return { verdict: maintenance ? 'maintenance' : 'unknown', reasons: [{ code, severity: 'warn', message }], datasets: [] };
}

function humanMessage(f: SshFailure): string {
  switch (f.kind) {
    case 'hostkey-changed':
      return `The host key changed (pinned ${f.expected}, now ${f.actual}); nothing was sent. Check the server before approving the new key.`;
    case 'auth-failed':
      return 'The host refused our SSH key';
    // Network-side failures say so and say what to check, so they read unlike an agent fault.
    case 'connect-timeout':
      return `No answer from the host in time: check the network path to the school and that the host is on (${f.message})`;
    case 'connect-refused':
      return `The host refused the connection: nothing listens on the SSH port (host off or SSH stopped) (${f.message})`;
    case 'connection-reset':
    case 'channel-closed':
    case 'keepalive-timeout':
      return `The connection dropped before the agent finished answering: a network problem between the console and the school (${f.message})`;
    case 'unreachable':
      return `The network cannot reach the host (${f.message})`;
    default:
      return f.message;
  }
}

/** How a poll connects to a site; the pool reuses a connection only for the same options. */
export function connectionOptions(site: Pick<SetUpSite, 'host' | 'port' | 'user'>, credential: Credential, pinnedFingerprint: string | null, timeouts: SshTimeouts): SshConnectionOptions {
  return { target: { host: site.host, port: site.port, username: site.user }, credentials: credential, pinnedFingerprint, timeouts };
}

type Done = (partial: Omit<PollResult, 'finishedAt' | 'siteId' | 'startedAt'>) => PollResult;

export async function pollSite(pool: ConnectionPool, target: PollTarget, ctx: PollContext): Promise<PollResult> {
  const startedAt = ctx.now();
  const base = { siteId: target.site.id, startedAt, status: null, unpinnedFingerprint: null, hostKeyInDoubt: target.hostKeyInDoubt ?? false, newConfig: null, transportFailure: false };
  const done: Done = (partial) => ({ ...base, ...partial, finishedAt: ctx.now() });

  if (!target.credential) {
    const assessment: Assessment = { verdict: 'unknown', reasons: [{ code: 'no-credentials', severity: 'warn', message: 'No SSH key is set up for this site: add one in Settings' }], datasets: [] };
    return done({ latencyMs: null, assessment, status: null, unpinnedFingerprint: null, newConfig: null, transportFailure: false });
  }

  // As AbortSignal.timeout, but its timer goes when the poll ends instead of outliving it by overallMs.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ctx.overallMs);
  timer.unref();
  try {
    return await pollConnected(pool, target, target.credential, ctx, deadline.signal, done);
  } finally {
    clearTimeout(timer);
  }
}

async function pollConnected(pool: ConnectionPool, target: PollTarget, credential: Credential, ctx: PollContext, signal: AbortSignal, done: Done): Promise<PollResult> {
  const options = connectionOptions(target.site, credential, target.pinnedFingerprint, ctx.timeouts);
  let acquired = await pool.acquire(target.site.id, options, signal);
  try {
    let execStart = ctx.now();
    let outcome = acquired.ok ? await runVerb(acquired.runner, { verb: 'status' }, { signal, timeoutMs: ctx.timeouts.execMs }) : null;
    // A kept-open connection the host has since dropped (a reboot, a rebuilt server) fails
    // at once; that says nothing about the host now, so connect afresh and ask again, once.
    if (acquired.ok && acquired.reused && outcome && !outcome.ok && STALE_CONNECTION_KINDS.has(outcome.failure.kind)) {
      acquired.release();
      pool.drop(target.site.id);
      acquired = await pool.acquire(target.site.id, options, signal);
      execStart = ctx.now();
      outcome = acquired.ok ? await runVerb(acquired.runner, { verb: 'status' }, { signal, timeoutMs: ctx.timeouts.execMs }) : null;
    }
    if (!acquired.ok || !outcome) {
      const f = acquired.ok ? failure('aborted', 'no answer') : acquired.failure;
      const unpinned = f.kind === 'hostkey-unknown' || f.kind === 'hostkey-changed' ? f.actual : null;
      return done({ latencyMs: null, assessment: failureAssessment(f, target.maintenance, target.rejectedFingerprint ?? null), status: null, unpinnedFingerprint: unpinned, newConfig: null, transportFailure: TRANSPORT_KINDS.has(f.kind) });
    }
    const latencyMs = ctx.now() - execStart;
    if (!outcome.ok) {
      // A broken exec may leave the connection in doubt: start afresh next time.
      if (TRANSPORT_KINDS.has(outcome.failure.kind) || STALE_CONNECTION_KINDS.has(outcome.failure.kind)) pool.drop(target.site.id);
      return done({ latencyMs, assessment: failureAssessment(outcome.failure, target.maintenance), status: null, unpinnedFingerprint: null, newConfig: null, transportFailure: TRANSPORT_KINDS.has(outcome.failure.kind) });
    }
    if (!outcome.answer.ok) {
      const e = outcome.answer.error;
      const assessment: Assessment =
        e.code === 'E_NOT_INSTALLED'
          ? { verdict: target.maintenance ? 'maintenance' : 'failing', reasons: [{ code: 'service-not-installed', severity: 'bad', message: e.message }], datasets: [] }
          : assessFailure('agent-error', `The agent answered ${e.code}: ${e.message}`, target.maintenance);
      return done({ latencyMs, assessment, status: null, unpinnedFingerprint: null, newConfig: null, transportFailure: false });
    }

    const status = outcome.answer.data;
    let config = target.knownConfig;
    let newConfig: PollResult['newConfig'] = null;
    if (config?.hash !== status.config.hash) {
      const got = await runVerb(acquired.runner, { verb: 'config-get' }, { signal, timeoutMs: ctx.timeouts.execMs });
      // Without the config we still assess, against the default schedule.
      if (got.ok && got.answer.ok) newConfig = config = { hash: got.answer.data.hash, config: got.answer.data.config };
    }
    const schedule = config ? scheduleFromConfig(config.config) : DEFAULT_SCHEDULE;
    const assessment = assessStatus(status, { now: ctx.now(), calendar: ctx.calendar, schedule, maintenance: target.maintenance });
    return done({ latencyMs, assessment, status, unpinnedFingerprint: null, newConfig, transportFailure: false });
  } finally {
    // Hand the connection back: the pool decides whether it stays open.
    if (acquired.ok) acquired.release();
  }
}
