// Host-key trust in bulk in Chromium, against simulated schools over real SSH: sites added
// with no pinned key wait for approval; a known_hosts file vouches for some, revokes one;
// keys are approved and rejected in bulk, and a rejection sticks on the next poll.
import { startFleet, type Fleet } from '../../sim/index.ts';
import { axe, seriousFindings } from './a11y.ts';
import { ask } from './core-ask.ts';
import { expect, OPERATOR, test } from './fixtures.ts';
import { HostKeysPage } from './pages/host-keys-page.ts';

test('host keys are approved and rejected in bulk, checked against known_hosts, and a rejection sticks', async ({ page, server }) => {
  const fleet: Fleet = await startFleet({ sites: 5, seed: 'e2e-host-keys', faultRate: 0, transientFailureRate: 0, speed: 1, controlPort: false });
  try {
    await server.core.context.credentials.save('default', { privateKey: fleet.clientKey.privateKey });
    const ids: number[] = [];
    for (const s of fleet.sites) {
      const site = await ask(server, 'sites.create', { site: { urn: s.urn, name: s.name, area: s.area ?? null, host: s.host, port: s.port, user: s.user } });
      ids.push(site.id);
    }
    const [a = 0, b = 0, c = 0, d = 0, e = 0] = ids;
    const fp = (i: number) => fleet.control.truthOf(fleet.sites[i]?.urn ?? 0).hostKeyFingerprint;
    await ask(server, 'poll.now', { ids });
    // The fifth school was trusted before; its server is rebuilt and presents a new key.
    await ask(server, 'hostkeys.decide', { decision: 'approve', items: [{ siteId: e, fingerprint: fp(4) }] });
    await fleet.control.inject(fleet.sites[4]?.urn ?? 0, { name: 'host-key-changed' });
    await ask(server, 'poll.now', { ids: [e] });
    expect((await ask(server, 'site.detail', { id: e })).status.verdict).toBe('hostkey-changed');

    const keys = new HostKeysPage(page);
    await keys.open();
    await expect(keys.navCount).toHaveText('5');
    await expect(keys.rows).toHaveCount(5);
    await expect(keys.row(a).getByTestId('hostkeys-presented')).toHaveText(fp(0));
    await expect(keys.row(e)).toHaveAttribute('data-kind', 'changed');
    await expect(keys.row(e).getByTestId('hostkeys-presented')).toHaveText(fp(4));
    await keys.filter('changed');
    await expect(keys.rows).toHaveCount(1);
    await keys.filter('first-seen');
    await expect(keys.rows).toHaveCount(4);
    await keys.filter('all');

    // The school's known_hosts: A listed with its key, B with another school's, D revoked, one bad line.
    const s = (i: number) => fleet.sites[i];
    await keys.checkKnownHosts(
      [`# Brackenfield schools`, `[${s(0)?.host}]:${s(0)?.port} ${s(0)?.hostKey}`, `[${s(1)?.host}]:${s(1)?.port} ${s(2)?.hostKey}`, 'broken-line-without-key', `@revoked * ${s(3)?.hostKey}`].join('\n'),
    );
    await expect(page.getByTestId('hostkeys-known-hosts-problems')).toHaveText(/Line 4: expected host names/);
    await expect(keys.verdict(a)).toHaveAttribute('data-verdict', 'matches');
    await expect(keys.verdict(b)).toHaveAttribute('data-verdict', 'differs');
    await expect(keys.verdict(c)).toHaveAttribute('data-verdict', 'not-listed');
    await expect(keys.verdict(d)).toHaveAttribute('data-verdict', 'revoked');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousFindings(axe(page), colorScheme)).toEqual([]);
    }

    await keys.decide('hostkeys-approve-matching', 'Approve the host keys of 1 site?', '1 approved');
    await expect(keys.rows).toHaveCount(4);

    // B and the changed key together: the dialog says plainly what a changed key means.
    await keys.select(b, e);
    await page.getByTestId('hostkeys-approve').click();
    await expect(keys.dialog.getByTestId('hostkeys-dialog-changed')).toContainText('1 of these keys has CHANGED');
    await expect(keys.dialog.getByTestId('hostkeys-dialog-changed')).toContainText('trusts a server that may have been replaced');
    expect(await seriousFindings(axe(page, '[data-testid="hostkeys-dialog"]'), 'dialog')).toEqual([]);
    await page.getByTestId('hostkeys-dialog-confirm').click();
    await expect(keys.outcomes).toContainText('2 approved');
    await expect(keys.rows).toHaveCount(2);
    await expect(keys.navCount).toHaveText('2');

    // The revoked key cannot be approved; both remaining keys are rejected.
    await page.getByTestId('hostkeys-select-all').check();
    await expect(page.getByTestId('hostkeys-approve')).toHaveText('Approve 1 site…');
    await keys.decide('hostkeys-reject', 'Reject the host keys of 2 sites?', '2 rejected');
    await expect(page.getByTestId('hostkeys-empty')).toBeVisible();
    await expect(keys.navCount).toHaveCount(0);

    // The next poll meets the same keys: they do not come back.
    await ask(server, 'poll.now', { ids });
    expect(await ask(server, 'hostkeys.waiting', {})).toEqual([]);
    await expect(page.getByTestId('hostkeys-empty')).toBeVisible();
    for (const id of [a, b, e]) expect((await ask(server, 'site.detail', { id })).status.hostKey.state).toBe('pinned');
    expect((await ask(server, 'site.detail', { id: c })).status.hostKey).toMatchObject({ state: 'rejected', rejected: fp(2) });

    const entries = (await server.core.context.audit.recent(50)).filter((x) => x.action.startsWith('hostkey.') && x.actor === OPERATOR);
    expect(entries.map((x) => [x.action, x.siteId]).sort()).toEqual(
      [
        ['hostkey.approve', a],
        ['hostkey.approve', b],
        ['hostkey.approve', e],
        ['hostkey.reject', c],
        ['hostkey.reject', d],
        // The known_hosts check learned D's key as revoked, for good.
        ['hostkey.revoked', null],
      ].sort(),
    );
  } finally {
    await fleet.close();
  }
});
