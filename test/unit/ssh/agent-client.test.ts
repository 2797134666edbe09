import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerb, runVerbOnce, type CommandRunner } from '../../../electron/core/ssh/agent-client.ts';
import type { ExecResult } from '../../../electron/core/ssh/ssh-connection.ts';
import { answerJson, canonicalConfig, type AgentConfig } from '../../../shared/protocol/v1.ts';
import { newKeyPair, startTestServer, type TestServer } from './test-server.ts';

const config: AgentConfig = {
  endpointUrl: 'https://b2b.la.example/one',
  schoolId: '9992000',
  mis: { product: 'SIMS', server: 'mis01', database: 'sims' },
  schedule: { pupils: ['02:00'], attendance: ['02:00', '13:00'], exclusions: ['02:00'], assessment: ['03:00'] },
  days: { pupils: [1, 2, 3, 4, 5], attendance: [1, 2, 3, 4, 5], exclusions: [1, 2, 3, 4, 5], assessment: [5] },
  logLevel: 'info',
  proxy: null,
};
const hashOf = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const currentHash = hashOf('old config\n');

const clientKey = newKeyPair();
let server: TestServer;
const stdinSeen: string[] = [];

beforeAll(async () => {
  server = await startTestServer({
    clientPublicKey: clientKey.public,
    handler: (command, stdin, ch) => {
      stdinSeen.push(stdin);
      const answers: Record<string, string> = {
        'b2b-agent resync all': answerJson({ ok: true, data: { queued: ['pupils', 'attendance', 'exclusions', 'assessment'], backlog: 4 } }),
        'b2b-agent config rollback': answerJson({ ok: false, error: { code: 'E_NO_BACKUP', message: 'nothing to roll back to' } }),
        'b2b-agent diag': 'Segmentation fault\n',
        'b2b-agent logs --tail 5': '{"protocol":"2.0","ok":true,"data":{"lines":[],"truncated":false}}',
        [`b2b-agent config apply --expect ${currentHash}`]: answerJson({
          ok: true,
          data: { previousHash: currentHash, hash: hashOf(stdin), restarted: true, verified: true, checks: [] },
        }),
      };
      const answer = answers[command];
      if (answer === undefined) {
        ch.stderr.write('sh: 1: b2b-agent: not found\n');
        ch.exit(127);
        ch.end();
        return;
      }
      ch.write(answer);
      ch.exit(answer.includes('"ok":false') ? 1 : 0);
      ch.end();
    },
  });
});
afterAll(async () => {
  await server.close();
});

const connection = () => ({
  target: { host: '127.0.0.1', port: server.port, username: 'school' },
  credentials: { privateKey: clientKey.private },
  pinnedFingerprint: server.fingerprint,
});

describe('runVerb', () => {
  it('returns a parsed answer for a verb', async () => {
    const out = await runVerbOnce(connection(), { verb: 'resync', dataset: 'all' }, { overallMs: 10_000 });
    expect(out).toEqual({ ok: true, exitCode: 0, answer: { ok: true, data: { queued: ['pupils', 'attendance', 'exclusions', 'assessment'], backlog: 4 } } });
  });

  it('sends the canonical config on stdin for config apply', async () => {
    const out = await runVerbOnce(connection(), { verb: 'config-apply', expectHash: currentHash, config }, { overallMs: 10_000 });
    expect(stdinSeen.at(-1)).toBe(canonicalConfig(config));
    expect(out).toMatchObject({ ok: true, answer: { ok: true, data: { hash: hashOf(canonicalConfig(config)) } } });
  });

  it('keeps an agent-level error as an answer, not a failure', async () => {
    const out = await runVerbOnce(connection(), { verb: 'config-rollback' }, { overallMs: 10_000 });
    expect(out).toEqual({ ok: true, exitCode: 1, answer: { ok: false, error: { code: 'E_NO_BACKUP', message: 'nothing to roll back to' } } });
  });

  it('turns non-JSON, an unknown major and an empty answer into protocol errors', async () => {
    const garbage = await runVerbOnce(connection(), { verb: 'diag' }, { overallMs: 10_000 });
    expect(garbage).toMatchObject({ ok: false, failure: { kind: 'protocol-error' } });
    expect(garbage.ok ? '' : garbage.failure.message).toContain('not JSON');
    const major = await runVerbOnce(connection(), { verb: 'logs', tail: 5 }, { overallMs: 10_000 });
    expect(major.ok ? '' : major.failure.message).toContain('agent speaks protocol 2.0');
    const missing = await runVerbOnce(connection(), { verb: 'status' }, { overallMs: 10_000 });
    expect(missing).toMatchObject({ ok: false, failure: { kind: 'protocol-error', message: 'no answer on stdout (exit 127: sh: 1: b2b-agent: not found)' } });
  });

  it('passes transport failures through unchanged', async () => {
    const out = await runVerbOnce({ ...connection(), pinnedFingerprint: null }, { verb: 'status' }, { overallMs: 10_000 });
    expect(out).toMatchObject({ ok: false, failure: { kind: 'hostkey-unknown', actual: server.fingerprint } });
  });

  it('refuses a request with bad arguments before anything is sent', async () => {
    const calls: string[] = [];
    const runner: CommandRunner = {
      exec: (command): Promise<ExecResult> => {
        calls.push(command);
        return Promise.resolve({ ok: true, stdout: '', stderr: '', exitCode: 0, exitSignal: null });
      },
    };
    const out = await runVerb(runner, { verb: 'logs', tail: 5000 });
    expect(out).toMatchObject({ ok: false, failure: { kind: 'protocol-error' } });
    const injected = await runVerb(runner, { verb: 'config-apply', expectHash: 'sha256:x; rm -rf /', config });
    expect(injected).toMatchObject({ ok: false, failure: { kind: 'protocol-error' } });
    expect(calls).toEqual([]);
  });
});
