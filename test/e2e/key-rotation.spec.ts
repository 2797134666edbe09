// Key rotation in Chromium over a selection of simulated schools: "Rotate key…" from the
// table selection, the preview says which cannot rotate and why (a 1.0 agent), the rotation
// runs, and afterwards the simulator's own key sets show the old key no longer logs in.
import { createHash } from 'node:crypto';
import { axe, seriousFindings } from './a11y.ts';
import { ask } from './core-ask.ts';
import { pollUntil, simControl } from './demo-sim.ts';
import { expect, test } from './fixtures.ts';
import { FleetPage } from './pages/fleet-page.ts';
import { RotationPage } from './pages/rotation-page.ts';
import { newEd25519KeyPair } from '../tools/sshd.ts';
import { sshExec } from '../unit/sim/helpers.ts';

const fingerprint = (publicLine: string): string => `SHA256:${createHash('sha256').update(Buffer.from(publicLine.split(' ')[1] ?? '', 'base64')).digest('base64').replace(/=+$/, '')}`;

test('a key rotation over a selection of schools: previewed, run, and the old key no longer logs in', async ({ page, server, demo }) => {
  const control = simControl(server);
  const healthy = demo.snapshot.statuses.filter((s) => s.verdict === 'healthy').map((s) => s.siteId);
  const pick = healthy.slice(0, 4).map((id) => {
    const site = demo.snapshot.sites.find((s) => s.id === id);
    if (!site) throw new Error(`no site ${id}`);
    return site;
  });
  expect(pick).toHaveLength(4);
  const [a, b, c, old] = pick as [(typeof pick)[0], (typeof pick)[0], (typeof pick)[0], (typeof pick)[0]];
  // One school's agent is still on protocol 1.0; its next poll says so.
  await control.inject(old.urn, { name: 'agent-protocol-1.0' });
  await pollUntil(server, old.id, 'healthy');
  const oldFp = control.truthOf(a.urn).authorizedKeys[0] ?? '';
  const newKey = newEd25519KeyPair();
  await ask(server, 'credentials.save', { name: 'console-2027', privateKey: newKey.private });

  await page.goto(server.url);
  const fleet = new FleetPage(page);
  await fleet.open('table');
  const rot = new RotationPage(page);
  for (const s of pick) await rot.select(s.name);
  await rot.rotateSelected.click();
  await expect(rot.dialog).toBeVisible();
  await rot.newKey.selectOption({ label: 'console-2027' });
  await rot.oldKey.selectOption({ label: 'demo' });
  await rot.preview.click();
  await expect(rot.readyCount).toHaveAttribute('data-count', '3');
  await expect(rot.cannot).toContainText(old.name);
  await expect(rot.cannot).toContainText('Cannot rotate: agent too old');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page, '[data-testid="rotate-key-dialog"]'), `rotate dialog ${colorScheme}`)).toEqual([]);
  }
  await rot.start.click();

  await expect(rot.view).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  for (const s of [a, b, c]) await expect(rot.site(s.id)).toHaveAttribute('data-state', 'done');
  await expect(rot.site(old.id)).toHaveAttribute('data-state', 'too-old');
  await expect(rot.site(old.id)).toContainText('Cannot rotate: agent too old');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `rotation view ${colorScheme}`)).toEqual([]);
  }

  // The simulator's truth: the rotated schools let in the new key only, and the old one is refused.
  const creds = server.core.context.credentials;
  const demoKey = (await creds.get((await creds.idOf('demo')) ?? 0))?.privateKey ?? '';
  expect(demoKey).not.toBe('');
  for (const s of [a, b, c]) {
    expect(control.truthOf(s.urn).authorizedKeys).toEqual([fingerprint(newKey.public)]);
    if (s.host === null || s.user === null) throw new Error(`${s.name} has no host`);
    const at = { host: s.host, user: s.user, port: s.port };
    await expect(sshExec(at, demoKey, 'b2b-agent status')).rejects.toThrow(/authentication/i);
    expect((await sshExec(at, newKey.private, 'b2b-agent status')).code).toBe(0);
  }
  expect(control.truthOf(old.urn).authorizedKeys).toEqual([oldFp]);
});
