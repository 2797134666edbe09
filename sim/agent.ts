// The simulated `b2b-agent` command: one exec line (plus stdin for config apply) in,
// one protocol answer out, exactly as the reference agent would print it.
import {
  AGENT_COMMAND,
  AgentConfigSchema,
  MAX_CONFIG_BYTES,
  MAX_OUTPUT_BYTES,
  PROTOCOL_VERSION,
  answerJson,
  parseCommandLine,
  type AgentErrorCode,
  type AgentRequest,
} from '../shared/protocol/v1.ts';
import { authVerb, type AgentKeys } from './auth-verbs.ts';
import { logsAt } from './logs.ts';
import { LEGACY_PROTOCOL_VERSION } from './profile.ts';
import { intFrom } from './prng.ts';
import { datasetsOf, type SchoolModel } from './school.ts';
import { diagAt, serviceAt, statusAt } from './status.ts';
import { serviceDownAt } from './transfers.ts';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

type Outcome = { ok: true; data: unknown } | { ok: false; code: AgentErrorCode; message: string };

const fail = (code: AgentErrorCode, message: string): Outcome => ({ ok: false, code, message });

/** Whether the command reads a document on stdin (only config apply does). */
export function wantsStdin(line: string): boolean {
  const req = parseCommandLine(line);
  return !('error' in req) && req.verb === 'config-apply';
}

/** No keys given (the control API's exec): the auth verbs see an empty set and no session. */
export function execAgent(school: SchoolModel, line: string, stdin: string | null, now: number, keys: AgentKeys | null = null): ExecResult {
  const words = line.trim().split(/\s+/);
  if (words[0] !== AGENT_COMMAND) {
    // What a login shell says; the agent never saw it.
    return { stdout: '', stderr: `sh: 1: ${(words[0] ?? '').slice(0, 40)}: not found\n`, exitCode: 127 };
  }
  const req = parseCommandLine(line);
  const legacy = school.faultAt('agent-protocol-1.0', now) !== null;
  const outcome =
    words[1] === 'auth' ? (legacy ? fail('E_USAGE', 'unknown verb: auth') : authVerb(keys, req, line, () => school.lockRefusal(now))) : 'error' in req ? fail('E_USAGE', req.error) : run(school, req, stdin, now);
  const protocol = protocolAt(school, now);
  const doc = outcome.ok ? answerJson({ ok: true, data: outcome.data }, protocol) : answerJson({ ok: false, error: { code: outcome.code, message: outcome.message } }, protocol);
  const exitCode = outcome.ok ? 0 : outcome.code === 'E_USAGE' ? 2 : 1;
  return { stdout: distort(school, doc, now), stderr: '', exitCode };
}

/** The protocol version the site's agent speaks: an agent not yet upgraded speaks 1.0. */
export function protocolAt(school: SchoolModel, now: number): string {
  return school.faultAt('agent-protocol-1.0', now) ? LEGACY_PROTOCOL_VERSION : PROTOCOL_VERSION;
}

/** Verbs that take the agent's lock; reads never wait for it, so polling carries on. */
const ACTIONS: ReadonlySet<AgentRequest['verb']> = new Set(['restart', 'resync', 'config-apply', 'config-rollback']);

function run(school: SchoolModel, req: AgentRequest, stdin: string | null, now: number): Outcome {
  if (ACTIONS.has(req.verb)) {
    const busy = school.lockRefusal(now);
    if (busy !== null) return fail('E_BUSY', busy);
  }
  const notInstalled = serviceDownAt(school, now)?.name === 'not-installed';
  switch (req.verb) {
    case 'status':
      return { ok: true, data: statusAt(school, now) };
    case 'diag':
      return { ok: true, data: { checks: diagAt(school, now) } };
    case 'logs':
      return { ok: true, data: logsAt(school, now, req.tail) };
    case 'config-get': {
      const v = school.current();
      return { ok: true, data: { hash: v.hash, config: v.config } };
    }
    case 'restart': {
      if (notInstalled) return fail('E_NOT_INSTALLED', 'the B2B service is not installed on this host');
      const previousState = serviceAt(school, now).state;
      school.restart(now);
      return { ok: true, data: { previousState, state: serviceAt(school, now).state } };
    }
    case 'resync': {
      if (notInstalled) return fail('E_NOT_INSTALLED', 'the B2B service is not installed on this host');
      const hung = school.faultAt('hung-transfer', now);
      if (hung) return fail('E_BUSY', `a transfer has held the lock since ${new Date(hung.since).toISOString()}; restart the service to release it`);
      // Only enabled datasets are queued; `queued` says which (maybe none).
      const queued = school.resync(datasetsOf(req.dataset), now);
      return { ok: true, data: { queued, backlog: statusAt(school, now).backlog.pending } };
    }
    case 'config-apply':
      return applyConfig(school, req.expectHash, stdin ?? '', now, notInstalled);
    case 'auth-list':
    case 'auth-add-key':
    case 'auth-remove-key':
      return fail('E_INTERNAL', 'auth verbs are answered by auth-verbs.ts');
    case 'config-rollback': {
      if (school.faultAt('disk-full', now)) return fail('E_DISK_FULL', 'could not write the configuration file: there is not enough space on the disk');
      const r = school.rollback(now);
      if (r === null) return fail('E_NO_BACKUP', 'there is no previous configuration to roll back to');
      return { ok: true, data: { hash: r.restored.hash, restoredFrom: r.replaced.hash } };
    }
  }
}

// Compare-and-swap → validate → back up → write → restart → verify, as the protocol says.
function applyConfig(school: SchoolModel, expectHash: string, stdin: string, now: number, notInstalled: boolean): Outcome {
  const current = school.current();
  if (current.hash !== expectHash) return fail('E_CONFLICT', `the current config is ${current.hash}, not ${expectHash}`);
  if (Buffer.byteLength(stdin, 'utf8') > MAX_CONFIG_BYTES) return fail('E_INVALID_CONFIG', `config is larger than ${MAX_CONFIG_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(stdin);
  } catch {
    return fail('E_INVALID_CONFIG', 'config on stdin is not JSON');
  }
  // A 1.0 agent's schema is strict and has no `enabled`: it refuses the setting it does not know.
  if (school.faultAt('agent-protocol-1.0', now) && typeof json === 'object' && json !== null && 'enabled' in json) {
    return fail('E_INVALID_CONFIG', `config invalid at enabled: unknown setting (this agent speaks protocol ${LEGACY_PROTOCOL_VERSION}; upgrade it to ${PROTOCOL_VERSION})`);
  }
  const parsed = AgentConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('E_INVALID_CONFIG', `config invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  if (notInstalled) return fail('E_NOT_INSTALLED', 'the B2B service is not installed on this host');
  if (school.faultAt('disk-full', now)) return fail('E_DISK_FULL', 'could not write the configuration backup: there is not enough space on the disk');
  const { previous, next } = school.applyConfig(parsed.data, now);
  const checks = school.verify(now);
  return { ok: true, data: { previousHash: previous.hash, hash: next.hash, restarted: true, verified: checks.every((c) => c.ok), checks } };
}

/** Output faults: what a broken wrapper, a chatty login script or an old agent does to the answer. */
function distort(school: SchoolModel, doc: string, now: number): string {
  const urn = school.profile.identity.urn;
  if (school.faultAt('garbage-output', now)) {
    switch (intFrom(0, 2, school.seed, urn, 'garbage')) {
      case 0:
        return `Welcome to ${school.profile.hostname}\r\nUnauthorised access to this system is prohibited.\r\n${doc}\n`;
      case 1:
        return `${doc.slice(0, Math.floor(doc.length / 2))}\n`;
      default:
        return '\u0000\u0001MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\ufffd\ufffd\n';
    }
  }
  if (school.faultAt('oversized-output', now)) {
    // Valid JSON, just far too much of it: a debug dump left switched on.
    const filler = 'x'.repeat(MAX_OUTPUT_BYTES + 4096);
    return `${doc.slice(0, -1)},"debugDump":"${filler}"}\n`;
  }
  if (school.faultAt('wrong-shape-answer', now)) {
    // An agent build that writes epoch seconds where the protocol says ISO date-time.
    const answer = JSON.parse(doc) as { data?: { datasets?: { attendance?: { lastSuccess?: unknown } } } };
    const attendance = answer.data?.datasets?.attendance;
    if (attendance) attendance.lastSuccess = Math.floor(now / 1000);
    return `${JSON.stringify(answer)}\n`;
  }
  if (school.faultAt('unknown-protocol', now)) return `${doc.replace(/"protocol":"\d+\.\d+"/, '"protocol":"2.0"')}\n`;
  return `${doc}\n`;
}
