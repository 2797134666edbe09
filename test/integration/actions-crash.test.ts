// A console that dies with an action running must not send it again when it starts: the
// action becomes 'unknown', and the next poll's evidence is recorded against it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core.ts';
import { startSimCore } from '../helpers/sim-core.ts';

const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('an action running when the console stopped is unknown afterwards, never re-sent, and judged by the next poll', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-actions-crash-'));
  dirs.push(dataDir);
  const sc = await startSimCore({ sites: 3, seed: 'crash', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY }, { dataDir });
  const urn = sc.fleet.sites[0]?.urn ?? 0;
  const id = sc.idOf(urn);
  await sc.core.context.poller.pollNow([id]);
  // What the service writes just before it sends a command: the action, journalled as running.
  const { journal } = sc.core.context;
  const { runId, actionIds } = await journal.createRun({
    kind: 'restart',
    params: { kind: 'restart' },
    actor: 'Sam Patel',
    pacing: { concurrency: 16, waveSize: null, wavePauseS: 0 },
    skipped: [],
    owner: 'console',
    at: sc.fleet.clock.now(),
    actions: [{ siteId: id, siteName: 'x', state: 'queued', expiresAt: null }],
  });
  const actionId = actionIds[0] ?? 0;
  expect(await journal.claim(actionId, sc.fleet.clock.now(), 'healthy', [], 'console')).toBe(true);
  // A second action in the same run had not been sent: it must not go either.
  await sc.core.close();

  const core = await createCore({ dataDir, mode: 'browser', version: 'test', clock: sc.fleet.clock, startPolling: false, actions: { verifyFirstMs: 20, verifyEveryMs: 50 } });
  try {
    const after = await core.context.journal.get(actionId);
    expect(after).toMatchObject({ state: 'unknown', verification: 'pending', message: expect.stringMatching(/not sent again/) as unknown });
    expect((await core.context.journal.run(runId))?.state).toBe('finished');
    await core.context.poller.start();
    await core.context.poller.pollNow([id]);
    await core.context.actions.idle();
    expect(await core.context.journal.get(actionId)).toMatchObject({ state: 'unknown', verification: 'cleared', verdictAfter: 'healthy' });
    // Nothing new was sent on its behalf.
    expect((await core.context.journal.page({ siteId: id, limit: 10 })).map((a) => a.id)).toEqual([actionId]);
    expect((await core.context.audit.forSite(id)).map((e) => `${e.action} ${e.outcome}`)).toContain('action.restart unknown');
  } finally {
    await core.close();
    await sc.fleet.close();
  }
});
