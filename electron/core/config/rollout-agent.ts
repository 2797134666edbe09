// What a rollout says to one school's agent: apply (compare-and-swap), read the config back,
// and roll back only after reading that the site still has the config the rollout gave it.
// Each returns what happened; the rollout service decides what that means for the site.
import type { AgentConfig, AgentRequest } from '../../../shared/protocol/v1.ts';
import { actionType } from '../actions/registry.ts';
import { neverSent } from '../actions/decide.ts';
import { runVerb, type CommandRunner } from '../ssh/agent-client.ts';
import type { SshFailure } from '../ssh/failures.ts';
import type { RolloutTarget } from '../store/store.ts';
import type { ApplyOutcome } from './rollout-decide.ts';

export type Connect = (siteId: number, signal: AbortSignal) => Promise<{ ok: true; runner: CommandRunner; release: () => void } | { ok: false; failure: SshFailure }>;

export interface AgentTimings {
  execTimeoutMs: number;
}

/** The config-apply plug-in's request for this site: the config, with the hash seen at the preview. */
function applyRequest(site: RolloutTarget): AgentRequest {
  const params = { kind: 'config-apply' as const, expectHash: site.fromHash, toHash: site.toHash, config: JSON.parse(site.configJson) as AgentConfig };
  return actionType(params).request(params);
}

async function withAgent<T>(connect: Connect, siteId: number, t: AgentTimings, use: (runner: CommandRunner, signal: AbortSignal) => Promise<T>): Promise<T | { unreachable: SshFailure }> {
  const signal = AbortSignal.timeout(t.execTimeoutMs * 2 + 15_000);
  const conn = await connect(siteId, signal);
  if (!conn.ok) return { unreachable: conn.failure };
  try {
    return await use(conn.runner, signal);
  } finally {
    conn.release();
  }
}

const isUnreachable = (v: unknown): v is { unreachable: SshFailure } => typeof v === 'object' && v !== null && 'unreachable' in v;

async function readHash(runner: CommandRunner, signal: AbortSignal, t: AgentTimings): Promise<string | null> {
  const got = await runVerb(runner, { verb: 'config-get' }, { timeoutMs: t.execTimeoutMs, signal });
  return got.ok && got.answer.ok ? got.answer.data.hash : null;
}

export async function sendApply(connect: Connect, site: RolloutTarget, t: AgentTimings): Promise<ApplyOutcome> {
  const result = await withAgent(connect, site.siteId, t, async (runner, signal): Promise<ApplyOutcome> => {
    const out = await runVerb(runner, applyRequest(site), { timeoutMs: t.execTimeoutMs, signal });
    if (!out.ok) return neverSent(out.failure) ? { kind: 'not-sent', message: out.failure.message } : { kind: 'lost', message: out.failure.message };
    const answer = out.answer;
    if (answer.ok) {
      const data = answer.data as { verified: boolean; checks: Array<{ ok: boolean; detail: string }> };
      return { kind: 'applied', verified: data.verified, failedChecks: data.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ') };
    }
    if (answer.error.code === 'E_CONFLICT') return { kind: 'conflict', liveHash: await readHash(runner, signal, t), message: answer.error.message };
    return { kind: 'refused', code: answer.error.code, message: answer.error.message };
  });
  if (!isUnreachable(result)) return result;
  const f = result.unreachable;
  return neverSent(f) ? { kind: 'not-sent', message: f.message } : { kind: 'refused', code: f.kind, message: f.message };
}

/** What reading a site's config back found: its hash, nothing reached it, or no useful answer. */
export type ReadBack = { kind: 'hash'; hash: string } | { kind: 'unreachable' } | { kind: 'no-answer' };

export async function readBack(connect: Connect, siteId: number, t: AgentTimings): Promise<ReadBack> {
  const result = await withAgent(connect, siteId, t, (runner, signal) => readHash(runner, signal, t));
  if (isUnreachable(result)) return { kind: 'unreachable' };
  return result === null ? { kind: 'no-answer' } : { kind: 'hash', hash: result };
}

export type RollbackOutcome =
  | { kind: 'unreachable' }
  /** The agent is busy or did not answer: try again later. */
  | { kind: 'retry'; message: string }
  | { kind: 'done'; liveHash: string; rolledBackTo: string | null; refused: string | null };

/**
 * Reads the live hash first and sends `config rollback` only when the site still has the
 * rollout's config: a rollback sent twice would swap the new config back in.
 */
export async function sendRollback(connect: Connect, site: RolloutTarget, t: AgentTimings): Promise<RollbackOutcome> {
  const result = await withAgent(connect, site.siteId, t, async (runner, signal): Promise<RollbackOutcome> => {
    const live = await readHash(runner, signal, t);
    if (live === null) return { kind: 'retry', message: 'could not read the config' };
    if (live !== site.toHash) return { kind: 'done', liveHash: live, rolledBackTo: null, refused: null };
    const request = actionType({ kind: 'config-rollback' }).request({ kind: 'config-rollback' });
    const out = await runVerb(runner, request, { timeoutMs: t.execTimeoutMs, signal });
    if (!out.ok) return { kind: 'retry', message: out.failure.message };
    if (!out.answer.ok) return out.answer.error.code === 'E_BUSY' ? { kind: 'retry', message: out.answer.error.message } : { kind: 'done', liveHash: live, rolledBackTo: null, refused: `${out.answer.error.code}: ${out.answer.error.message}` };
    return { kind: 'done', liveHash: live, rolledBackTo: (out.answer.data as { hash: string }).hash, refused: null };
  });
  return isUnreachable(result) ? { kind: 'unreachable' } : result;
}
