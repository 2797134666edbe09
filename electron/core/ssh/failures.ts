// Every way talking to a site over SSH can fail, as data. The poller turns these
// into verdicts (unreachable, auth failed, host key changed, protocol error), so
// each kind is distinct and carries what a person needs to act on it.

export const SSH_FAILURE_KINDS = [
  'credentials-invalid', // our own private key could not be read (wrong passphrase?); nothing was sent
  'connect-timeout', // TCP connect + SSH handshake + auth did not finish in time (black hole, slow banner)
  'connect-refused', // nothing listens on the port
  'connection-reset', // the host or network dropped the connection
  'unreachable', // no route, DNS failure, or another network error before SSH started
  'handshake-failed', // SSH-level failure before auth: bad banner, no common algorithm, garbage
  'hostkey-unknown', // first-seen key: pending approval, no command sent
  'hostkey-changed', // the key differs from the pinned one: refused, no command sent
  'auth-failed', // the host refused our key
  'keepalive-timeout', // an open connection stopped answering
  'not-connected', // exec on a connection that is not open: nothing was sent
  'exec-timeout', // the command did not finish in time, and the host never accepted it; its channel was closed
  'agent-hung', // the host accepted the command (SSH is fine) but it did not finish in time: the agent, not the network
  'overall-timeout', // the caller's overall deadline passed
  'aborted', // the caller gave up for another reason (shutdown)
  'output-too-large', // stdout passed the cap; reading stopped and the channel was closed
  'channel-closed', // the channel failed or closed before an exit status arrived; the command may have run
  'protocol-error', // the agent's answer is not a valid protocol document
] as const;
export type SshFailureKind = (typeof SSH_FAILURE_KINDS)[number];

export type SshFailure =
  | { kind: 'hostkey-unknown'; message: string; actual: string }
  | { kind: 'hostkey-changed'; message: string; expected: string; actual: string }
  | { kind: 'output-too-large'; message: string; limit: number }
  | { kind: Exclude<SshFailureKind, 'hostkey-unknown' | 'hostkey-changed' | 'output-too-large'>; message: string };

type PlainKind = Exclude<SshFailureKind, 'hostkey-unknown' | 'hostkey-changed' | 'output-too-large'>;

export function failure(kind: PlainKind, message: string): SshFailure {
  return { kind, message };
}

/** Failure for an aborted signal: a timeout reason means the caller's overall deadline. */
export function abortFailure(signal: AbortSignal): SshFailure {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return failure('overall-timeout', 'overall deadline passed');
  return failure('aborted', reason instanceof Error ? reason.message : 'aborted by caller');
}

interface NodeishError {
  code?: unknown;
  level?: unknown;
  message?: unknown;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'EHOSTDOWN', 'ENETDOWN']);

/**
 * Maps an error ssh2 or the socket emitted while connecting. ssh2 tags its errors
 * with `level`; socket errors carry errno `code`s.
 */
export function classifyConnectError(err: unknown): SshFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodeishError;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  if (e.level === 'client-authentication') return failure('auth-failed', 'the host refused our key');
  if (code === 'ECONNREFUSED') return failure('connect-refused', `connection refused: ${message}`);
  if (code === 'ETIMEDOUT') return failure('connect-timeout', `TCP connect timed out: ${message}`);
  if (RESET_CODES.has(code)) return failure('connection-reset', `connection reset: ${message}`);
  if (UNREACHABLE_CODES.has(code)) return failure('unreachable', `host unreachable: ${message}`);
  if (e.level === 'client-socket') return failure('unreachable', `network error: ${message}`);
  if (e.level === 'client-timeout') return failure('keepalive-timeout', message);
  return failure('handshake-failed', `SSH handshake failed: ${message}`);
}
