// Pure decisions for a key rotation: who can take part, and — from what the agent's own
// `auth list` says and which key the site uses now — what to do next at a site. Every step
// is decided from the agent's answer, so a console killed anywhere resumes by reading it
// again, and the old key is only ever removed once the site has been switched to the new
// key, which happens only after a fresh login with it was proven.
import type { RotationSiteState } from '../../../shared/key-rotation.ts';
import type { AgentErrorCode, AgentRequest } from '../../../shared/protocol/v1.ts';
import type { VerbOutcome } from '../ssh/agent-client.ts';
import type { SshFailure } from '../ssh/failures.ts';
import { cannotReach } from '../actions/decide.ts';

export const TOO_OLD = 'Cannot rotate: agent too old (it speaks protocol 1.0 and has no auth verbs; upgrade it to 1.1)';

export interface RotationCandidate {
  siteId: number;
  name: string;
  /** It has a host and user (a register site from GIAS may not yet). */
  setUp: boolean;
  /** The credential the site's polls use now (its own, or the default), or null. */
  credentialId: number | null;
  credentialName: string | null;
  hostkeyApproved: boolean;
  hostkeyChanged: boolean;
  /** From the last status: an agent version 1.0.x speaks protocol 1.0. */
  agentVersion: string | null;
}

export function agentTooOld(version: string | null): boolean {
  return version !== null && /^1\.0(\.|$)/.test(version);
}

export interface RotationPlan {
  ready: { siteId: number; name: string }[];
  cannot: { siteId: number; name: string; reason: string; tooOld: boolean }[];
}

export function planRotation(candidates: readonly RotationCandidate[], oldId: number, newId: number): RotationPlan {
  const plan: RotationPlan = { ready: [], cannot: [] };
  for (const c of candidates) {
    const unreachable = cannotReach({ setUp: c.setUp, hostkeyApproved: c.hostkeyApproved, hostkeyChanged: c.hostkeyChanged, hasCredential: c.credentialId !== null });
    // A site already on the new key takes part: only its old key is left to remove.
    const other = c.credentialId !== oldId && c.credentialId !== newId ? `It logs in with another key (${c.credentialName ?? 'none'}), not the old one` : null;
    const reason = unreachable ?? other ?? (agentTooOld(c.agentVersion) ? TOO_OLD : null);
    if (reason === null) plan.ready.push({ siteId: c.siteId, name: c.name });
    else plan.cannot.push({ siteId: c.siteId, name: c.name, reason, tooOld: reason === TOO_OLD });
  }
  return plan;
}

/** What reading the agent's keys found. */
export type Look =
  | { kind: 'keys'; fingerprints: readonly string[] }
  | { kind: 'offline'; message: string }
  | { kind: 'too-old' }
  | { kind: 'failed'; code: string; message: string };

/** Failures where nothing reached the agent: the school is off or unreachable, try again later. */
const OFFLINE_KINDS: ReadonlySet<SshFailure['kind']> = new Set(['connect-timeout', 'connect-refused', 'connection-reset', 'unreachable', 'not-connected', 'keepalive-timeout']);

/** Agent errors: E_USAGE to an auth verb is a 1.0 agent, which does not know them. */
function agentError(code: AgentErrorCode, message: string): Look {
  return code === 'E_USAGE' ? { kind: 'too-old' } : { kind: 'failed', code, message: `${code}: ${message}` };
}

export function lookAt(out: VerbOutcome<{ verb: 'auth-list' }>): Look {
  const failed = stepFailed(out);
  if (failed !== null || !out.ok || !out.answer.ok) return failed ?? { kind: 'failed', code: 'UNKNOWN', message: 'no answer' };
  return { kind: 'keys', fingerprints: out.answer.data.keys.map((k) => k.fingerprint) };
}

export type Next = { do: 'add' } | { do: 'prove' } | { do: 'remove' } | { do: 'finish'; state: RotationSiteState; message: string | null };

/**
 * The next step at a site. `usesNew`: the site is already switched to the new credential
 * (and `look` was read with it); otherwise `look` was read with the old one.
 */
export function nextStep(usesNew: boolean, look: Look, fp: { old: string; new: string }): Next {
  switch (look.kind) {
    case 'offline':
      return { do: 'finish', state: 'offline', message: `Offline: ${look.message}. Tried again while the rotation runs` };
    case 'too-old':
      return { do: 'finish', state: 'too-old', message: TOO_OLD };
    case 'failed':
      return { do: 'finish', state: 'failed', message: usesNew ? `Now on the new key; the old key could not be checked: ${look.message}` : `Kept the old key: ${look.message}` };
    case 'keys':
      if (!usesNew) return look.fingerprints.includes(fp.new) ? { do: 'prove' } : { do: 'add' };
      return look.fingerprints.includes(fp.old) ? { do: 'remove' } : { do: 'finish', state: 'done', message: null };
  }
}

/** Why a step's answer stops the site, or null when it went through. */
export function stepFailed(out: VerbOutcome<AgentRequest>): Look | null {
  if (!out.ok) return OFFLINE_KINDS.has(out.failure.kind) ? { kind: 'offline', message: out.failure.message } : { kind: 'failed', code: out.failure.kind, message: out.failure.message };
  const answer = out.answer;
  return answer.ok ? null : agentError(answer.error.code, answer.error.message);
}

/**
 * A fresh login with the new key, running `auth list`: proven when it logged in and the
 * agent lists the new key (and, when it can tell, says the session used it).
 */
export function settleProof(out: VerbOutcome<{ verb: 'auth-list' }>, newFp: string): { proven: true } | { proven: false; look: Look } {
  const look = lookAt(out);
  if (look.kind !== 'keys') return { proven: false, look: look.kind === 'failed' ? { ...look, message: `the new key did not log in (${look.message})` } : look };
  const session = out.ok && out.answer.ok ? out.answer.data.session : null;
  if (!look.fingerprints.includes(newFp) || (session !== null && session !== newFp)) {
    return { proven: false, look: { kind: 'failed', code: 'NOT_PROVEN', message: 'the login did not use the new key' } };
  }
  return { proven: true };
}

/** An offline site is listed as not done once the rotation has waited this long for it. */
export function offlineExpired(createdAt: number, now: number, waitMs: number): boolean {
  return now - createdAt >= waitMs;
}
