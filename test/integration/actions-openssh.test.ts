// Remote actions through the console's own action service to the shell reference agent
// behind Debian's OpenSSH, for a site whose name is full of shell metacharacters, quotes and
// HTML (tags allow none at all): the commands are the protocol's fixed verbs, so none of it
// reaches a shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { startReferenceAgent, type ReferenceAgent } from '../tools/reference-agent.ts';
import { sshdUnavailableReason } from '../tools/sshd.ts';

const USER = 'b2bagent';
const reason = sshdUnavailableReason();
if (reason !== null) console.log(`actions-openssh.test.ts skipped: ${reason}`);

describe.skipIf(reason !== null)('actions reach the reference agent as fixed verbs only', () => {
  let dir = '';
  let home = '';
  let agent: ReferenceAgent | null = null;
  let core: Core | null = null;
  let siteId = 0;
  const marker = () => path.join(dir, 'pwned');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-actions-openssh-'));
    agent = await startReferenceAgent(dir, USER);
    home = agent.home;
    const { sshd, consoleKey: key } = agent;
    fs.writeFileSync(path.join(home, 'world', 'tick-seconds'), '1\n');
    fs.writeFileSync(path.join(home, 'world', 'transfer-seconds'), '0\n');
    core = await createCore({ dataDir: path.join(dir, 'console'), mode: 'browser', version: 'test', startPolling: false, actions: { verifyFirstMs: 50, verifyEveryMs: 200 } });
    const ctx = core.context;
    await ctx.credentials.save('default', { privateKey: key.private });
    const hostile = `$(touch ${marker()}); \`touch ${marker()}\` | rm -rf / & <img src=x onerror=alert(1)> "quoted" 'single'`;
    const [site] = await importSites(
      { store: ctx.store, now: () => ctx.clock.now() },
      [{ urn: 141885, name: hostile, host: sshd.host, port: sshd.port, user: USER, tags: ["north", "a: b/c-d.e"], hostKeyFingerprint: sshd.fingerprint }],
      { approvedBy: 'test' },
    );
    siteId = site?.id ?? 0;
    await ctx.poller.start();
    await ctx.poller.pollNow([siteId]);
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    await agent?.stop();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('restarts, resyncs, diagnoses and reads logs, and nothing in the name or tags ran', async () => {
    if (!core) throw new Error('no core');
    const { actions, journal, poller } = core.context;
    expect(poller.status(siteId).polledAt).not.toBeNull();
    for (const params of [{ kind: 'restart' as const }, { kind: 'resync' as const, dataset: 'attendance' as const }, { kind: 'diag' as const }]) {
      const run = await actions.start({ params, siteIds: [siteId], whenBack: false, pacing: {} }, 'Sam Patel');
      for (let i = 0; i < 200 && (await journal.run(run.id))?.state === 'running'; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await journal.actionsOf(run.id)).map((a) => [a.kind, a.state, a.errorCode])).toEqual([[params.kind, 'succeeded', null]]);
    }
    const logs = await actions.runNow({ kind: 'logs', tail: 50 }, siteId, 'Sam Patel');
    expect(logs.action.state).toBe('succeeded');
    expect(fs.existsSync(marker())).toBe(false);
    // The agent saw only its fixed verbs.
    const seen = fs.readFileSync(path.join(home, 'log', 'service.log'), 'utf8');
    expect(seen).not.toContain('pwned');
  }, 60_000);
});
