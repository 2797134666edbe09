// Protocol v1 conformance, as one suite any agent must pass over real SSH: the shell
// reference agent behind OpenSSH and the simulator's schools alike. The target must be
// freshly installed (no config backup yet); the suite leaves its config as it found it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerb } from '../../electron/core/ssh/agent-client.ts';
import { SshConnection, type SshConnectionOptions } from '../../electron/core/ssh/ssh-connection.ts';
import {
  AGENT_COMMAND,
  canonicalConfig,
  DATASETS,
  parseAnswer,
  ServiceStateSchema,
  type AgentConfig,
  type AgentErrorCode,
  type AgentRequest,
  type AgentVerb,
  type AnswerOf,
} from '../../shared/protocol/v1.ts';

export interface ConformanceTarget {
  /** How to reach the agent, with its host key pinned. */
  connection: SshConnectionOptions;
  /** An https endpoint the agent cannot reach, so a config using it must fail verification. */
  unreachableEndpoint: string;
}

export const configHash = (config: AgentConfig): string => `sha256:${createHash('sha256').update(canonicalConfig(config)).digest('hex')}`;

const USAGE_ERRORS = [
  AGENT_COMMAND,
  `${AGENT_COMMAND} frobnicate`,
  `${AGENT_COMMAND} status now`,
  `${AGENT_COMMAND} resync everything`,
  `${AGENT_COMMAND} resync`,
  `${AGENT_COMMAND} logs`,
  `${AGENT_COMMAND} logs --tail 0`,
  `${AGENT_COMMAND} logs --tail 1001`,
  `${AGENT_COMMAND} logs --tail ten`,
  `${AGENT_COMMAND} logs --tail 0x10`,
  `${AGENT_COMMAND} logs --tail 1e2`,
  `${AGENT_COMMAND} config`,
  `${AGENT_COMMAND} config apply`,
  `${AGENT_COMMAND} config apply --expect sha256:abc`,
];

export function protocolConformance(name: string, getTarget: () => ConformanceTarget): void {
  describe(`protocol v1 conformance: ${name}`, () => {
    let conn: SshConnection;
    let target: ConformanceTarget;

    beforeAll(async () => {
      target = getTarget();
      conn = new SshConnection({ ...target.connection, timeouts: { connectMs: 10_000, execMs: 25_000 } });
      const connected = await conn.connect();
      if (!connected.ok) throw new Error(`cannot reach the agent: ${connected.failure.message}`);
    });
    afterAll(() => conn.close());

    /** A verb's answer data; fails the test on transport, protocol or agent errors. */
    async function data<R extends AgentRequest>(request: R): Promise<AnswerOf<R['verb']>> {
      const out = await runVerb(conn, request);
      if (!out.ok) throw new Error(`${request.verb}: ${out.failure.kind}: ${out.failure.message}`);
      if (!out.answer.ok) throw new Error(`${request.verb}: ${out.answer.error.code}: ${out.answer.error.message}`);
      return out.answer.data;
    }

    /** The agent error code a request is answered with. */
    async function errorCode(request: AgentRequest): Promise<AgentErrorCode> {
      const out = await runVerb(conn, request);
      if (!out.ok) throw new Error(`${request.verb}: ${out.failure.kind}: ${out.failure.message}`);
      if (out.answer.ok) throw new Error(`${request.verb}: expected an error answer`);
      return out.answer.error.code;
    }

    /** Runs a raw exec line (only fixed test strings) and parses it for a verb. */
    async function raw(line: string, verb: AgentVerb = 'status'): Promise<{ envelope: unknown; answer: ReturnType<typeof parseAnswer> }> {
      const out = await conn.exec(line);
      if (!out.ok) throw new Error(`${line}: ${out.failure.kind}: ${out.failure.message}`);
      return { envelope: JSON.parse(out.stdout) as unknown, answer: parseAnswer(verb, out.stdout) };
    }

    it('answers status with a valid document whose config hash matches config get', async () => {
      const status = await data({ verb: 'status' });
      const config = await data({ verb: 'config-get' });
      expect(status.config.hash).toBe(config.hash);
      expect(Object.keys(status.datasets).sort()).toEqual([...DATASETS].sort());
    });

    it('states protocol 1.x on every answer, success or error', async () => {
      for (const [line, verb] of [[`${AGENT_COMMAND} status`, 'status'], [`${AGENT_COMMAND} diag`, 'diag'], [`${AGENT_COMMAND} frobnicate`, 'status']] as const) {
        const { envelope } = await raw(line, verb);
        expect(String((envelope as { protocol?: unknown }).protocol)).toMatch(/^1\.\d+$/);
      }
    });

    it('hashes the config as sha256 of its canonical JSON', async () => {
      const { hash, config } = await data({ verb: 'config-get' });
      expect(hash).toBe(configHash(config));
    });

    it('answers unknown verbs and bad arguments with E_USAGE', async () => {
      for (const line of USAGE_ERRORS) {
        const { answer } = await raw(line);
        expect({ line, answer }).toMatchObject({ line, answer: { ok: false, error: { code: 'E_USAGE' } } });
      }
    });

    it('queues a resync of one dataset or of all', async () => {
      const one = await data({ verb: 'resync', dataset: 'attendance' });
      expect(one.queued).toContain('attendance');
      const all = await data({ verb: 'resync', dataset: 'all' });
      expect([...all.queued].sort()).toEqual([...DATASETS].sort());
    });

    it('restarts the service', async () => {
      const out = await data({ verb: 'restart' });
      expect(ServiceStateSchema.options).toContain(out.previousState);
      expect(['running', 'starting']).toContain(out.state);
    });

    it('bounds logs by --tail and keeps them in time order', async () => {
      const one = await data({ verb: 'logs', tail: 1 });
      expect(one.lines.length).toBeLessThanOrEqual(1);
      const many = await data({ verb: 'logs', tail: 1000 });
      expect(many.lines.length).toBeLessThanOrEqual(1000);
      expect(many.lines.length).toBeGreaterThan(0);
      const times = many.lines.map((l) => Date.parse(l.ts));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('runs diagnostics', async () => {
      const out = await data({ verb: 'diag' });
      expect(out.checks.length).toBeGreaterThan(0);
    });

    describe('config apply and rollback', () => {
      let original: AgentConfig;
      let originalHash: string;

      beforeAll(async () => {
        ({ config: original, hash: originalHash } = await data({ verb: 'config-get' }));
      });

      it('has nothing to roll back to on a fresh install', async () => {
        expect(await errorCode({ verb: 'config-rollback' })).toBe('E_NO_BACKUP');
      });

      it('refuses a stale expected hash (compare-and-swap) and changes nothing', async () => {
        const stale = `sha256:${'0'.repeat(64)}`;
        expect(await errorCode({ verb: 'config-apply', expectHash: stale, config: { ...original, logLevel: 'debug' } })).toBe('E_CONFLICT');
        expect((await data({ verb: 'config-get' })).hash).toBe(originalHash);
      });

      it('refuses configs that do not validate and changes nothing', async () => {
        const invalid: AgentConfig[] = [
          { ...original, endpointUrl: 'http://plain-http.example/b2b' },
          { ...original, schoolId: '12345' },
          { ...original, days: { ...original.days, pupils: [8] } },
          { ...original, unexpected: true } as AgentConfig,
          { ...original, enabled: [] },
          { ...original, enabled: ['pupils', 'pupils'] },
          { ...original, enabled: ['grades'] } as unknown as AgentConfig,
        ];
        for (const config of invalid) {
          expect(await errorCode({ verb: 'config-apply', expectHash: originalHash, config })).toBe('E_INVALID_CONFIG');
        }
        expect((await data({ verb: 'config-get' })).hash).toBe(originalHash);
      });

      let goodHash: string;
      it('applies a valid config, restarts and verifies it', async () => {
        const good: AgentConfig = { ...original, logLevel: original.logLevel === 'debug' ? 'info' : 'debug' };
        goodHash = configHash(good);
        const out = await data({ verb: 'config-apply', expectHash: originalHash, config: good });
        expect(out).toMatchObject({ previousHash: originalHash, hash: goodHash, restarted: true, verified: true });
        for (const check of ['service', 'mis', 'endpoint']) expect(out.checks.map((c) => c.name)).toContain(check);
        expect(out.checks.every((c) => c.ok)).toBe(true);
        expect(await data({ verb: 'config-get' })).toEqual({ hash: goodHash, config: good });
      });

      let wrongHash: string;
      it('reports verified:false for a config whose endpoint cannot be reached', async () => {
        const wrong: AgentConfig = { ...original, logLevel: original.logLevel === 'debug' ? 'info' : 'debug', endpointUrl: target.unreachableEndpoint };
        wrongHash = configHash(wrong);
        const out = await data({ verb: 'config-apply', expectHash: goodHash, config: wrong });
        expect(out).toMatchObject({ previousHash: goodHash, hash: wrongHash, verified: false });
        expect(out.checks.find((c) => c.name === 'endpoint')?.ok).toBe(false);
        expect((await data({ verb: 'status' })).endpoint.url).toBe(target.unreachableEndpoint);
      });

      it('rolls back to the previous config, and a second rollback undoes the first', async () => {
        expect(await data({ verb: 'config-rollback' })).toEqual({ hash: goodHash, restoredFrom: wrongHash });
        expect((await data({ verb: 'config-get' })).hash).toBe(goodHash);
        expect(await data({ verb: 'config-rollback' })).toEqual({ hash: wrongHash, restoredFrom: goodHash });
        expect(await data({ verb: 'config-rollback' })).toEqual({ hash: goodHash, restoredFrom: wrongHash });
      });

      it('applies a protocol 1.1 config naming the datasets it sends', async () => {
        const { hash, config } = await data({ verb: 'config-get' });
        const partial: AgentConfig = { ...config, enabled: ['attendance', 'pupils'] };
        const out = await data({ verb: 'config-apply', expectHash: hash, config: partial });
        expect(out).toMatchObject({ previousHash: hash, hash: configHash(partial), verified: true });
        expect(await data({ verb: 'config-get' })).toEqual({ hash: configHash(partial), config: partial });
        expect((await data({ verb: 'resync', dataset: 'all' })).queued).toEqual(['pupils', 'attendance']);
      });

      afterAll(async () => {
        // Leave the target as it was found, whatever happened above.
        const { hash } = await data({ verb: 'config-get' });
        if (hash !== originalHash) await data({ verb: 'config-apply', expectHash: hash, config: original });
      });
    });
  });
}
