// Pure decisions for remote actions: who a run includes and who it leaves out, how an
// answer settles an action, and what a later poll says about whether it worked. The
// action service reads, calls these, and writes the result in one store call.
import crypto from 'node:crypto';
import type { ActionParams, Verification } from '../../../shared/actions.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import type { AgentError, AgentStatus } from '../../../shared/protocol/v1.ts';
import type { SshFailure } from '../ssh/failures.ts';
import type { NewAction, Settlement } from '../store/store.ts';
import type { ActionType } from './action-type.ts';

/** What the planner needs to know of each site asked for. */
export interface Candidate {
  siteId: number;
  siteName: string;
  demo: boolean;
  /** False for a register site still waiting for its host: nothing can be sent to it. */
  setUp: boolean;
  verdict: Verdict | null;
  hostkeyApproved: boolean;
  hostkeyChanged: boolean;
  hasCredential: boolean;
  /** Actions of this kind at this site in the last hour. */
  recentOfKind: number;
}

export interface PlanInput {
  type: ActionType;
  requested: readonly number[];
  candidates: ReadonlyMap<number, Candidate>;
  /** Run it when each site is next seen, even if it is up now. */
  whenBack: boolean;
  now: number;
  waitMs: number;
}

export interface Plan {
  actions: NewAction[];
  skipped: { siteId: number; siteName: string; why: string }[];
}

const OFFLINE: ReadonlySet<Verdict> = new Set(['unreachable']);

export function planRun(input: PlanInput): Plan {
  const plan: Plan = { actions: [], skipped: [] };
  const seen = new Set<number>();
  const requested = input.requested.filter((id) => !seen.has(id) && seen.add(id));
  const real = requested.some((id) => input.candidates.get(id)?.demo === false);
  for (const id of requested) {
    const c = input.candidates.get(id);
    if (!c) {
      plan.skipped.push({ siteId: id, siteName: `#${id}`, why: 'Not in the register (removed?)' });
      continue;
    }
    const why = leftOutBecause(c, input.type, real);
    if (why) {
      plan.skipped.push({ siteId: id, siteName: c.siteName, why });
      continue;
    }
    // A read needs an answer now; a change can wait for a school that is off.
    const waits = input.type.changesSchool && (input.whenBack || (c.verdict !== null && OFFLINE.has(c.verdict)));
    plan.actions.push({ siteId: id, siteName: c.siteName, state: waits ? 'waiting' : 'queued', expiresAt: waits ? input.now + input.waitMs : null });
  }
  return plan;
}

/** Why nothing can be sent to a site at all (its host key, its credentials), or null. */
export const NOT_SET_UP = 'Not set up yet: the school is in the register but has no B2B host';

export function cannotReach(c: Pick<Candidate, 'setUp' | 'hostkeyChanged' | 'hostkeyApproved' | 'hasCredential'>): string | null {
  if (!c.setUp) return NOT_SET_UP;
  if (c.hostkeyChanged) return 'Its host key changed: nothing is sent until someone checks the server and approves the new key';
  if (!c.hostkeyApproved) return 'Its host key has not been approved yet: approve it in the site’s details first';
  if (!c.hasCredential) return 'No SSH key is set up for it';
  return null;
}

function leftOutBecause(c: Candidate, type: ActionType, realSitesInRun: boolean): string | null {
  const unreachable = cannotReach(c);
  if (unreachable) return unreachable;
  if (c.demo && realSitesInRun) return 'A demo (simulated) school: left out of a run on real schools';
  if (type.perSiteHourly !== null && c.recentOfKind >= type.perSiteHourly) {
    return `Rate limit: ${type.label.toLowerCase()} already ran ${c.recentOfKind} times here in the last hour (at most ${type.perSiteHourly})`;
  }
  return null;
}

/** The agent's answer as kept in the journal: capped, with the hash of all of it. */
export const OUTPUT_CAP = 16 * 1024;

export function keptOutput(text: string): { output: string; outputSha256: string; outputTruncated: boolean } {
  const outputSha256 = crypto.createHash('sha256').update(text).digest('hex');
  const truncated = Buffer.byteLength(text) > OUTPUT_CAP;
  return { output: truncated ? Buffer.from(text).subarray(0, OUTPUT_CAP).toString('utf8') : text, outputSha256, outputTruncated: truncated };
}

/** Failures that mean the command never reached the agent: safe to wait and send later. */
const NOT_SENT: ReadonlySet<SshFailure['kind']> = new Set(['connect-timeout', 'connect-refused', 'unreachable', 'not-connected']);

export function neverSent(f: SshFailure): boolean {
  return NOT_SENT.has(f.kind);
}

/** How the answer (or its absence) settles a running action. */
/** An agent's answer to any verb, or the failure that stood in for it. */
export type AnyOutcome = { ok: true; answer: { ok: true; data: unknown } | { ok: false; error: AgentError } } | { ok: false; failure: SshFailure };

export function settle(type: ActionType, outcome: AnyOutcome, at: number, verifyWindowMs: number): Settlement {
  const base = { at, verifyUntil: null, output: null, outputSha256: null, outputTruncated: false };
  const verifies = type.changesSchool;
  if (!outcome.ok) {
    const f = outcome.failure;
    // The command went out and no answer came: whether it happened is for the next poll to say.
    if (f.kind === 'exec-timeout' || f.kind === 'overall-timeout') {
      return { ...base, state: 'timed-out', errorCode: f.kind, message: `No answer in time: ${f.message}`, verification: verifies ? 'pending' : 'not-applicable', verifyUntil: verifies ? at + verifyWindowMs : null };
    }
    if (NOT_SENT.has(f.kind)) return { ...base, state: 'unreachable', errorCode: f.kind, message: f.message, verification: 'not-applicable' };
    if (f.kind === 'channel-closed' || f.kind === 'connection-reset' || f.kind === 'keepalive-timeout') {
      return { ...base, state: 'unknown', errorCode: f.kind, message: `The connection dropped mid-command: ${f.message}`, verification: verifies ? 'pending' : 'not-applicable', verifyUntil: verifies ? at + verifyWindowMs : null };
    }
    return { ...base, state: 'failed', errorCode: f.kind, message: f.message, verification: 'not-applicable' };
  }
  const text = JSON.stringify(outcome.answer);
  const kept = keptOutput(text);
  if (!outcome.answer.ok) {
    return { ...base, ...kept, state: 'failed', errorCode: outcome.answer.error.code, message: outcome.answer.error.message, verification: 'not-applicable' };
  }
  return { ...base, ...kept, state: 'succeeded', errorCode: null, message: null, verification: verifies ? 'pending' : 'not-applicable', verifyUntil: verifies ? at + verifyWindowMs : null };
}

/** What a poll after the action says. Past the window, still pending is not cleared. */
export function judge(type: ActionType, params: ActionParams, after: AgentStatus | null, sentAt: number, now: number, verifyUntil: number | null): Verification {
  const check = after ? type.verify(params, after, sentAt) : 'pending';
  if (check === null) return 'not-applicable';
  if (check === 'pending' && verifyUntil !== null && now >= verifyUntil) return 'not-cleared';
  return check;
}
