// One command on one SSH channel: stdin in, bounded stdout out, exit status captured.
// Every way out closes the channel, so a misbehaving host cannot keep it (or our
// memory) busy.
import type { Client, ClientChannel } from 'ssh2';
import { abortFailure, failure, type SshFailure } from './failures.ts';

export interface ExecOptions {
  /** Written to the command's stdin, then EOF. EOF is always sent, so a reader never waits. */
  stdin?: string | null;
  /** From the request until the exit status arrives. */
  timeoutMs: number;
  /** Stdout beyond this is an error; reading stops and the channel is closed. */
  maxOutputBytes: number;
  /** The caller's overall deadline or shutdown. */
  signal?: AbortSignal;
}

export type ExecResult =
  | { ok: true; stdout: string; stderr: string; exitCode: number | null; exitSignal: string | null }
  | { ok: false; failure: SshFailure };

/** Stderr is kept only as a hint for error messages, never as an answer. */
const STDERR_KEEP_BYTES = 8 * 1024;

export function execOnChannel(client: Client, command: string, options: ExecOptions): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve) => {
    const { signal } = options;
    if (signal?.aborted) return resolve({ ok: false, failure: abortFailure(signal) });

    let channel: ClientChannel | null = null;
    let settled = false;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let exit: { code: number | null; signal: string | null } | null = null;

    const finish = (result: ExecResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Closing is idempotent in ssh2; on success the channel is already closed.
      if (!result.ok && channel !== null) channel.close();
      resolve(result);
    };
    const startedAt = Date.now();
    // Once the host has accepted the command, the connection did its part: running out of
    // time after that is the agent hanging, which staff must not chase as a network fault.
    const hung = (): SshFailure => failure('agent-hung', `did not answer within ${Math.max(1, Math.round((Date.now() - startedAt) / 1000))} s`);
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
      finish({ ok: false, failure: channel !== null && timedOut ? hung() : abortFailure(signal as AbortSignal) });
    };
    const timer = setTimeout(
      () => finish({ ok: false, failure: channel !== null ? hung() : failure('exec-timeout', `the host did not start the command within ${options.timeoutMs} ms`) }),
      options.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    const onChannel = (err: Error | undefined, ch: ClientChannel): void => {
      if (err) {
        // Whether the exec request had reached the host cannot be told from here, so this is
        // never reported as "nothing was sent": only a read-only verb is safe to retry.
        const why = 'reason' in err ? 'the host refused a channel' : 'the channel failed before the command started';
        return finish({ ok: false, failure: failure('channel-closed', `${why}: ${err.message}`) });
      }
      channel = ch;
      if (settled) {
        ch.close();
        return;
      }
      ch.on('data', (chunk: Buffer) => {
        if (settled) return;
        stdoutBytes += chunk.length;
        if (stdoutBytes > options.maxOutputBytes) {
          const message = `answer passed ${options.maxOutputBytes} bytes; reading stopped`;
          return finish({ ok: false, failure: { kind: 'output-too-large', message, limit: options.maxOutputBytes } });
        }
        stdout.push(chunk);
      });
      ch.stderr.on('data', (chunk: Buffer) => {
        if (stderrBytes >= STDERR_KEEP_BYTES) return;
        stderr.push(chunk.subarray(0, STDERR_KEEP_BYTES - stderrBytes));
        stderrBytes += chunk.length;
      });
      ch.on('exit', (code: number | null, exitSignal?: string) => {
        exit = { code: typeof code === 'number' ? code : null, signal: exitSignal ?? null };
      });
      // Errors here are followed by 'close'; listening keeps them from being unhandled.
      ch.on('error', () => undefined);
      ch.on('close', () => {
        if (exit === null) return finish({ ok: false, failure: failure('channel-closed', 'the channel closed before the command reported an exit status') });
        finish({
          ok: true,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode: exit.code,
          exitSignal: exit.signal,
        });
      });
      ch.end(options.stdin ?? undefined);
    };

    try {
      client.exec(command, onChannel);
    } catch (err) {
      // ssh2 throws synchronously when the socket is already gone.
      finish({ ok: false, failure: failure('not-connected', err instanceof Error ? err.message : 'not connected') });
    }
  });
}
