// The shell reference agent, installed by its own install.sh for a dedicated user and
// reached through Debian's OpenSSH sshd with the project's SSH client: every verb, the
// forced-command guard, host-key pinning against a real server, and the stand-in service.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerbOnce } from '../../electron/core/ssh/agent-client.ts';
import { SshConnection, type SshConnectionOptions } from '../../electron/core/ssh/ssh-connection.ts';
import { parseAnswer, type AgentRequest, type DatasetStatus } from '../../shared/protocol/v1.ts';
import { startReferenceAgent, type ReferenceAgent } from '../tools/reference-agent.ts';
import { newEd25519KeyPair, sshdUnavailableReason, userIds, type Sshd } from '../tools/sshd.ts';
import { authConformance } from './protocol-auth-suite.ts';
import { protocolConformance, type ConformanceTarget } from './protocol-suite.ts';

const USER = 'b2bagent';
const { utils } = ssh2;
const reason = sshdUnavailableReason();
if (reason !== null) console.log(`agent-openssh.test.ts skipped: ${reason}`);

describe.skipIf(reason !== null)('reference agent behind OpenSSH sshd', () => {
  let dir = '';
  let home = '';
  let sshd: Sshd | null = null;
  let agent: ReferenceAgent | null = null;
  let connection: SshConnectionOptions;
  let target: ConformanceTarget;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-openssh-'));
    agent = await startReferenceAgent(dir, USER);
    home = agent.home;
    sshd = agent.sshd;
    const consoleKey = agent.consoleKey;
    // Quick ticks, so queued resyncs run while the test watches.
    setWorld('tick-seconds', '1');
    setWorld('transfer-seconds', '0');
    connection = {
      target: { host: sshd.host, port: sshd.port, username: USER },
      credentials: { privateKey: consoleKey.private },
      pinnedFingerprint: sshd.fingerprint,
    };
    target = { connection, unreachableEndpoint: 'https://old-b2b-server.example/capitaone/b2b' };
  });

  afterAll(async () => {
    await agent?.stop();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  /** Files under world/ are how a test stages what the stand-in service can reach. */
  function setWorld(name: string, value: string | null): void {
    const file = path.join(home, 'world', name);
    if (value === null) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, `${value}\n`, { mode: 0o644 });
  }

  async function run<R extends AgentRequest>(request: R, options: Partial<SshConnectionOptions> = {}) {
    return runVerbOnce({ ...connection, ...options }, request, { overallMs: 30_000 });
  }

  /** Polls status until a dataset reaches a state; the bound only stops a broken run. */
  async function waitForDataset(dataset: 'pupils' | 'exclusions', done: (s: DatasetStatus) => boolean): Promise<DatasetStatus> {
    for (let i = 0; i < 120; i++) {
      const out = await run({ verb: 'status' });
      if (out.ok && out.answer.ok && done(out.answer.data.datasets[dataset])) return out.answer.data.datasets[dataset];
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${dataset} never reached the expected state`);
  }

  protocolConformance('POSIX shell agent over OpenSSH', () => target);
  authConformance('POSIX shell agent over OpenSSH', () => target);

  describe('OpenSSH specifics', () => {
    it('pins the same fingerprint ssh-keygen prints', () => {
      const keygen = spawnSync('ssh-keygen', ['-lf', path.join(dir, 'sshd/ssh_host_ed25519_key.pub')], { encoding: 'utf8' });
      if (keygen.status !== 0) return console.log('ssh-keygen not available; fingerprint cross-check skipped');
      expect(keygen.stdout.split(' ')[1]).toBe(sshd?.fingerprint);
    });

    it('refuses a changed host key, and reports a first-seen one for approval, before authenticating', async () => {
      const lines = (): number => (sshd?.log().match(/Accepted publickey|Failed publickey/g) ?? []).length;
      const before = lines();
      expect(await run({ verb: 'restart' }, { pinnedFingerprint: `SHA256:${'x'.repeat(43)}` })).toMatchObject({ ok: false, failure: { kind: 'hostkey-changed' } });
      expect(await run({ verb: 'status' }, { pinnedFingerprint: null })).toMatchObject({ ok: false, failure: { kind: 'hostkey-unknown', actual: sshd?.fingerprint } });
      expect(lines()).toBe(before);
    });

    it('reports a key sshd does not accept as auth-failed', async () => {
      const stranger = newEd25519KeyPair();
      expect(await run({ verb: 'status' }, { credentials: { privateKey: stranger.private } })).toMatchObject({ ok: false, failure: { kind: 'auth-failed' } });
    });

    it('treats shell syntax in the request as words, never as shell (forced command)', async () => {
      const marker = path.join(dir, 'pwned');
      const conn = new SshConnection(connection);
      expect((await conn.connect()).ok).toBe(true);
      const out = await conn.exec(`b2b-agent status; touch ${marker}`);
      conn.close();
      expect(out.ok && parseAnswer('status', out.stdout)).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
      expect(fs.existsSync(marker)).toBe(false);
    });

    it('answers E_BUSY while another action holds the lock', async () => {
      const lock = path.join(home, 'lock');
      fs.mkdirSync(lock);
      // A live pid (this test runner) makes the lock current, not stale.
      fs.writeFileSync(path.join(lock, 'pid'), `${process.pid}\n`);
      const { uid, gid } = userIds(USER);
      fs.chownSync(lock, uid, gid);
      try {
        expect(await run({ verb: 'restart' })).toMatchObject({ ok: true, answer: { ok: false, error: { code: 'E_BUSY' } } });
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    });

    it('replaces authorized_keys whole, keeping its owner and mode, and refuses RSA under 3072 bits', async () => {
      const file = path.join(dir, 'dot-ssh/authorized_keys');
      const before = fs.statSync(file);
      const fresh = newEd25519KeyPair();
      const [type = '', base64 = ''] = fresh.public.split(' ');
      const added = await run({ verb: 'auth-add-key', keyType: type as 'ssh-ed25519', keyBase64: base64 });
      expect(added).toMatchObject({ ok: true, answer: { ok: true, data: { added: true } } });
      const after = fs.statSync(file);
      expect(after.ino).not.toBe(before.ino);
      expect({ mode: after.mode & 0o777, uid: after.uid }).toEqual({ mode: before.mode & 0o777, uid: before.uid });
      expect(fs.readdirSync(path.dirname(file))).toEqual(['authorized_keys']);
      const fp = added.ok && added.answer.ok ? added.answer.data.fingerprint : '';
      expect(await run({ verb: 'auth-remove-key', fingerprint: fp })).toMatchObject({ ok: true, answer: { ok: true, data: { removed: true } } });
      const weak = utils.generateKeyPairSync('rsa', { bits: 2048 }).public.split(' ');
      const conn = new SshConnection(connection);
      expect((await conn.connect()).ok).toBe(true);
      const out = await conn.exec(`b2b-agent auth add-key ssh-rsa ${weak[1] ?? ''}`);
      conn.close();
      expect(out.ok && parseAnswer('auth-add-key', out.stdout)).toMatchObject({ ok: false, error: { code: 'E_KEY_REFUSED', message: expect.stringContaining('3072') as string } });
    });

    it('runs a queued resync through the stand-in service', async () => {
      // Whole seconds, as the agent writes them.
      const since = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const queued = await run({ verb: 'resync', dataset: 'pupils' });
      expect(queued).toMatchObject({ ok: true, answer: { ok: true, data: { queued: ['pupils'] } } });
      const done = await waitForDataset('pupils', (s) => s.result === 'ok' && (s.lastSuccess ?? '') >= since);
      expect(done).toMatchObject({ result: 'ok', recordsSent: 1200, errorCode: null });
    });

    it('reports a failed transfer with its code and message', async () => {
      setWorld('mis-unreachable', 'yes');
      try {
        await run({ verb: 'resync', dataset: 'exclusions' });
        const failed = await waitForDataset('exclusions', (s) => s.result === 'failed');
        expect(failed).toMatchObject({ errorCode: 'MIS_UNREACHABLE' });
        expect(failed.errorMessage).toContain('cannot reach MIS server');
      } finally {
        setWorld('mis-unreachable', null);
      }
    });
  });
});
