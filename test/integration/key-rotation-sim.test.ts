// Key rotation over the simulated fleet, through real SSH: three schools rotate; a 1.0 agent
// the preview already knows is left out, one that turns out to be 1.0 only when asked is
// "cannot rotate: agent too old", not failed; a school switched off waits and rotates when
// it is back. Checked against the simulator's own key sets: the old key no longer logs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOfLine } from '../../electron/core/keys/rotation-world.ts';
import type { SiteDescriptor } from '../../sim/index.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';
import { until } from '../helpers/until.ts';
import { newEd25519KeyPair } from '../tools/sshd.ts';
import { sshExec } from '../unit/sim/helpers.ts';

const TUESDAY = Date.UTC(2026, 10, 17, 10, 30);
const ACTOR = 'Jo Engineer';

describe('key rotation on the simulated fleet', () => {
  let sc: SimCore;
  const ctx = () => sc.core.context;
  const newKey = newEd25519KeyPair();
  const urnAt = (i: number): number => sc.fleet.sites[i]?.urn ?? 0;
  const login = (site: SiteDescriptor, key: string): Promise<string> => sshExec(site, key, 'b2b-agent status').then(() => 'logged in', () => 'refused');

  beforeAll(async () => {
    sc = await startSimCore(
      { sites: 6, seed: 'rotation', faultRate: 0, transientFailureRate: 0, speed: 0, start: TUESDAY },
      { poller: { timeouts: { connectMs: 1_500, execMs: 2_500 }, overallMs: 6_000 }, keyRotations: { overallMs: 6_000, retryMs: 200, concurrency: 2 } },
    );
    // Site 3 speaks 1.0 and its last status says so; site 4 is upgraded... back to 1.0 after the poll.
    await sc.fleet.control.inject(urnAt(3), { name: 'agent-protocol-1.0' });
    await ctx().poller.pollNow();
    await sc.fleet.control.inject(urnAt(4), { name: 'agent-protocol-1.0' });
    await sc.fleet.control.inject(urnAt(5), { name: 'host-off' });
    await ctx().credentials.save('console-2027', { privateKey: newKey.private });
  }, 60_000);
  afterAll(async () => sc?.close());

  it('rotates the selection; too-old agents keep their key; an offline school waits, then rotates', async () => {
    const creds = await ctx().credentials.list();
    const oldId = creds.find((c) => c.name === 'default')?.id ?? 0;
    const newId = creds.find((c) => c.name === 'console-2027')?.id ?? 0;
    const oldFp = sc.fleet.clientKey.fingerprint;
    const newFp = fingerprintOfLine(newKey.public);
    const siteIds = sc.fleet.sites.map((s) => sc.idOf(s.urn));

    const preview = await ctx().keyRotations.preview({ siteIds, oldCredentialId: oldId, newCredentialId: newId });
    expect(preview).toMatchObject({ oldName: 'default', newName: 'console-2027', oldFingerprint: oldFp, newFingerprint: newFp });
    expect(preview.ready.map((s) => s.siteId).sort()).toEqual(siteIds.filter((_, i) => i !== 3).sort());
    expect(preview.cannot).toEqual([{ siteId: siteIds[3], name: expect.any(String) as string, reason: expect.stringMatching(/^Cannot rotate: agent too old/) as string, tooOld: true }]);

    const started = await ctx().keyRotations.begin({ siteIds, oldCredentialId: oldId, newCredentialId: newId }, ACTOR);
    const waiting = await until('every school but the offline one to settle', async () => {
      const d = await ctx().keyRotations.detail(started.id);
      return d.sites.filter((s) => s.state !== 'offline').every((s) => ['done', 'too-old', 'failed'].includes(s.state)) && d.sites.some((s) => s.state === 'offline') ? d : null;
    });
    const stateOf = (d: typeof waiting, i: number) => d.sites.find((s) => s.siteId === siteIds[i]);
    expect([0, 1, 2, 3, 4, 5].map((i) => stateOf(waiting, i)?.state)).toEqual(['done', 'done', 'done', 'too-old', 'too-old', 'offline']);
    expect(stateOf(waiting, 4)?.message).toMatch(/^Cannot rotate: agent too old/);
    expect(waiting.rotation.state).toBe('running');

    await sc.fleet.control.clear(urnAt(5), 'host-off');
    const done = await until('the rotation to complete', async () => {
      const d = await ctx().keyRotations.detail(started.id);
      return d.rotation.state === 'completed' ? d : null;
    });
    expect(stateOf(done, 5)?.state).toBe('done');
    expect(done.rotation.counts).toMatchObject({ done: 4, 'too-old': 2, failed: 0 });

    // The simulator's truth: rotated schools let in the new key only; the 1.0 ones the old only.
    for (const [i, site] of sc.fleet.sites.entries()) {
      const truth = sc.fleet.control.truthOf(site.urn);
      const rotated = i !== 3 && i !== 4;
      expect(truth.authorizedKeys, site.name).toEqual([rotated ? newFp : oldFp]);
      expect((await ctx().pollState.poll(sc.idOf(site.urn))).credentialId).toBe(rotated ? newId : null);
      expect(await login(site, sc.fleet.clientKey.privateKey), `${site.name} old key`).toBe(rotated ? 'refused' : 'logged in');
      expect(await login(site, newKey.private), `${site.name} new key`).toBe(rotated ? 'logged in' : 'refused');
    }

    // Each step is in the audit chain under the person who started it.
    const entries = (await ctx().audit.recent(1000)).filter((e) => e.action.startsWith('key-rotation.'));
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([ACTOR]));
    const site0 = entries.filter((e) => e.siteId === siteIds[0]).map((e) => e.action).reverse();
    expect(site0).toEqual(['key-rotation.add-key', 'key-rotation.prove', 'key-rotation.switch', 'key-rotation.remove-key', 'key-rotation.site']);
    expect(entries.map((e) => e.action)).toContain('key-rotation.finish');
    expect(await ctx().auditTrail.verify()).toMatchObject({ ok: true });
    // Polls go on with the new key.
    await ctx().poller.pollNow([siteIds[0] ?? 0]);
    expect(ctx().poller.status(siteIds[0] ?? 0).verdict).not.toBe('auth-failed');
  }, 60_000);
});
