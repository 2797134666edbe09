// Runs protocol v1 verbs over an SSH connection. The exec line comes from
// commandLine() only, so nothing a site or a person typed can reach the remote shell.
import {
  commandInput,
  commandLine,
  parseAnswer,
  ProtocolError,
  type AgentRequest,
  type Answer,
} from '../../../shared/protocol/v1.ts';
import { failure, type SshFailure } from './failures.ts';
import { SshConnection, type ExecCallOptions, type ExecResult, type SshConnectionOptions } from './ssh-connection.ts';

/** What runVerb needs from a connection; a pool or a test double can stand in. */
export interface CommandRunner {
  exec(command: string, options?: ExecCallOptions): Promise<ExecResult>;
}

export type VerbOutcome<R extends AgentRequest> =
  | { ok: true; answer: Answer<R['verb']>; exitCode: number | null }
  | { ok: false; failure: SshFailure };

export interface RunVerbOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * One verb, one answer. An agent-level error (E_CONFLICT, E_BUSY …) is a valid
 * answer with ok:false inside `answer`; transport trouble and unusable output are
 * failures.
 */
export async function runVerb<R extends AgentRequest>(runner: CommandRunner, request: R, options: RunVerbOptions = {}): Promise<VerbOutcome<R>> {
  let line: string;
  let stdin: string | null;
  try {
    line = commandLine(request);
    stdin = commandInput(request);
  } catch (err) {
    // A request that fails its own checks is a bug upstream; it never reaches a host.
    return { ok: false, failure: failure('protocol-error', `request rejected before sending: ${err instanceof Error ? err.message : String(err)}`) };
  }
  const result = await runner.exec(line, { stdin, timeoutMs: options.timeoutMs, signal: options.signal });
  if (!result.ok && result.failure.kind === 'agent-hung') {
    // Name the command: a support engineer restarts the agent, not the school's router.
    const message = `The agent accepted \`${request.verb}\` but ${result.failure.message}: the agent is hung, the network is fine`;
    return { ok: false, failure: failure('agent-hung', message) };
  }
  if (!result.ok) return result;
  if (result.stdout.trim() === '') {
    return { ok: false, failure: failure('protocol-error', `no answer on stdout (${describeExit(result)})`) };
  }
  try {
    return { ok: true, answer: parseAnswer<R['verb']>(request.verb, result.stdout), exitCode: result.exitCode };
  } catch (err) {
    if (err instanceof ProtocolError) return { ok: false, failure: failure('protocol-error', err.message) };
    throw err;
  }
}

export interface RunOnceOptions {
  /** Bounds connect + exec together. */
  overallMs: number;
  execTimeoutMs?: number;
}

/** Connect, run one verb, close: for one-off actions and tests. A pool keeps connections instead. */
export async function runVerbOnce<R extends AgentRequest>(
  connection: SshConnectionOptions,
  request: R,
  options: RunOnceOptions,
): Promise<VerbOutcome<R>> {
  const signal = AbortSignal.timeout(options.overallMs);
  const conn = new SshConnection(connection);
  try {
    const connected = await conn.connect(signal);
    if (!connected.ok) return connected;
    return await runVerb(conn, request, { signal, timeoutMs: options.execTimeoutMs });
  } finally {
    conn.close();
  }
}

function describeExit(result: { exitCode: number | null; exitSignal: string | null; stderr: string }): string {
  const status = result.exitCode !== null ? `exit ${result.exitCode}` : `signal ${result.exitSignal ?? 'unknown'}`;
  // The first stderr line usually says it all ("b2b-agent: not found"); keep it short and printable.
  const hint = result.stderr.split('\n')[0]?.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) ?? '';
  return hint === '' ? status : `${status}: ${hint}`;
}
