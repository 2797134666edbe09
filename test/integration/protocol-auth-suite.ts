// Protocol 1.1 `auth` verbs, as one suite any agent must pass over real SSH: list, add
// (idempotent), log in with the added key, refuse to remove the session's key or the last
// key, remove, and the removed key no longer logs in. The target's keys are left as found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerb, runVerbOnce } from '../../electron/core/ssh/agent-client.ts';
import { SshConnection } from '../../electron/core/ssh/ssh-connection.ts';
import { splitPublicKeyLine, type KeyType } from '../../shared/protocol/auth-keys.ts';
import { AGENT_COMMAND, parseAnswer, type AgentErrorCode, type AgentRequest, type AnswerOf } from '../../shared/protocol/v1.ts';
import { newEd25519KeyPair } from '../tools/sshd.ts';
import type { ConformanceTarget } from './protocol-suite.ts';

export function authConformance(name: string, getTarget: () => ConformanceTarget): void {
  describe(`protocol 1.1 auth verbs: ${name}`, () => {
    let target: ConformanceTarget;
    let conn: SshConnection;
    const fresh = newEd25519KeyPair();
    const freshWords = splitPublicKeyLine(fresh.public) ?? { type: '', base64: '' };
    const add: AgentRequest = { verb: 'auth-add-key', keyType: freshWords.type as KeyType, keyBase64: freshWords.base64 };
    let freshFp = '';
    let sessionFp = '';

    beforeAll(async () => {
      target = getTarget();
      conn = new SshConnection({ ...target.connection, timeouts: { connectMs: 10_000, execMs: 25_000 } });
      const connected = await conn.connect();
      if (!connected.ok) throw new Error(`cannot reach the agent: ${connected.failure.message}`);
    });
    afterAll(() => conn.close());

    async function answer<R extends AgentRequest>(request: R, via: SshConnection = conn) {
      const out = await runVerb(via, request);
      if (!out.ok) throw new Error(`${request.verb}: ${out.failure.kind}: ${out.failure.message}`);
      return out.answer;
    }
    async function data<R extends AgentRequest>(request: R, via?: SshConnection): Promise<AnswerOf<R['verb']>> {
      const a = await answer(request, via);
      if (!a.ok) throw new Error(`${request.verb}: ${a.error.code}: ${a.error.message}`);
      return a.data;
    }
    async function errorCode(request: AgentRequest, via?: SshConnection): Promise<AgentErrorCode> {
      const a = await answer(request, via);
      return a.ok ? ('ok' as AgentErrorCode) : a.error.code;
    }
    const asFresh = (request: AgentRequest) => runVerbOnce({ ...target.connection, credentials: { privateKey: fresh.private } }, request, { overallMs: 30_000 });

    it('lists the keys with fingerprints and names the one this session used', async () => {
      const list = await data({ verb: 'auth-list' });
      expect(list.keys.length).toBeGreaterThan(0);
      expect(list.session).not.toBeNull();
      sessionFp = list.session ?? '';
      expect(list.keys.map((k) => k.fingerprint)).toContain(sessionFp);
    });

    it('refuses to remove the last key', async () => {
      // Only one key so far: whichever way the agent looks, the console would be locked out.
      expect(await errorCode({ verb: 'auth-remove-key', fingerprint: sessionFp })).toBe('E_LAST_KEY');
    });

    it('refuses keys it must not take, with E_KEY_REFUSED or E_USAGE, and adds nothing', async () => {
      const before = (await data({ verb: 'auth-list' })).keys.length;
      for (const line of [
        `${AGENT_COMMAND} auth add-key ssh-dss ${freshWords.base64}`,
        `${AGENT_COMMAND} auth add-key ssh-rsa ${freshWords.base64}`,
        `${AGENT_COMMAND} auth add-key ssh-ed25519 ${freshWords.base64.slice(0, 20)}`,
        `${AGENT_COMMAND} auth add-key ssh-ed25519 ${freshWords.base64}$(id)`,
        `${AGENT_COMMAND} auth add-key restrict,command="sh" ${freshWords.base64}`,
        `${AGENT_COMMAND} auth add-key ssh-ed25519 ${freshWords.base64} comment`,
      ]) {
        const out = await conn.exec(line);
        if (!out.ok) throw new Error(out.failure.message);
        const a = parseAnswer('auth-add-key', out.stdout);
        expect({ line, code: a.ok ? 'ok' : a.error.code }).toMatchObject({ line, code: expect.stringMatching(/^E_(KEY_REFUSED|USAGE)$/) as string });
      }
      expect((await data({ verb: 'auth-list' })).keys.length).toBe(before);
    });

    it('adds a key once (a second add changes nothing), and the new key logs in', async () => {
      const first = await data(add);
      expect(first.added).toBe(true);
      freshFp = first.fingerprint;
      expect(await data(add)).toEqual({ fingerprint: freshFp, added: false, keys: first.keys });
      const list = await asFresh({ verb: 'auth-list' });
      expect(list).toMatchObject({ ok: true, answer: { ok: true, data: { session: freshFp } } });
    });

    it('refuses to remove the key the session logged in with', async () => {
      expect(await errorCode({ verb: 'auth-remove-key', fingerprint: sessionFp })).toBe('E_KEY_IN_USE');
      expect((await data({ verb: 'auth-list' })).keys.map((k) => k.fingerprint)).toContain(sessionFp);
    });

    it('removes another key, idempotently, and that key no longer logs in', async () => {
      expect(await data({ verb: 'auth-remove-key', fingerprint: freshFp })).toMatchObject({ fingerprint: freshFp, removed: true });
      expect(await data({ verb: 'auth-remove-key', fingerprint: freshFp })).toMatchObject({ fingerprint: freshFp, removed: false });
      expect(await asFresh({ verb: 'auth-list' })).toMatchObject({ ok: false, failure: { kind: 'auth-failed' } });
      expect((await data({ verb: 'auth-list' })).keys.map((k) => k.fingerprint)).not.toContain(freshFp);
    });
  });
}
