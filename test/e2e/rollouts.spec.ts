// A config rollout's basics over the demo fleet: planned from the template editor, the diff
// grouped by what changes, started with the count typed, followed live, paused and resumed,
// and its report exported. (Halts, rollbacks and a resumed fix are the SaaS-move spec's.)
import fs from 'node:fs';
import { axe, seriousFindings } from './a11y.ts';
import { ask } from './core-ask.ts';
import { expect, test } from './fixtures.ts';
import { ConfigPage, RolloutPage, RolloutPlanPage } from './pages/config-page.ts';

test('a rollout is previewed grouped by change, started with its count typed, paused, resumed and reported', async ({ page, server, demo }) => {
  expect(demo.snapshot.sites.length).toBeGreaterThan(0);
  // A change every demo school takes without harm, so each wave passes its gate.
  await ask(server, 'config.saveTemplate', { name: 'Diagnostics', fields: { logLevel: 'debug' }, note: 'More detail in the agents’ logs while we chase the exclusions backlog', baseVersion: 0 });
  await ask(server, 'config.assign', { siteIds: 'all', template: 'Diagnostics' });

  const config = new ConfigPage(page);
  await config.open();
  await config.choose('Diagnostics');
  await config.rollOut.click();
  const plan = new RolloutPlanPage(page);
  await expect(plan.root).toBeVisible();
  await plan.set({ canary: '2', waves: '50%', waitMin: '0', gateWindowMin: '1' });
  await plan.root.getByTestId('rollout-approval').check();
  await plan.preview.click();
  await expect(plan.groups.first()).toBeVisible();
  const group = plan.groups.first();
  await expect(group).toContainText('log level');
  await group.locator('summary').click();
  await expect(group.locator('[data-testid^="site-diff-"]').first()).toContainText('debug');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page, '[data-testid="rollout-plan"]'), `plan ${colorScheme}`)).toEqual([]);
  }
  await expect(plan.start).toBeDisabled();
  const n = await plan.startAll();

  const rollout = new RolloutPage(page);
  const id = await rollout.id();
  await expect(rollout.sites.locator('tbody tr')).toHaveCount(n);
  await expect(rollout.state).toHaveAttribute('data-state', /running|waiting|awaiting-approval/);
  // After the canary, the first wave waits for someone to approve it.
  await expect(rollout.state).toHaveAttribute('data-state', 'awaiting-approval', { timeout: 120_000 });
  await rollout.pause.click();
  await expect(rollout.state).toHaveAttribute('data-state', 'paused');
  await rollout.resume.click();
  await expect(rollout.state).not.toHaveAttribute('data-state', 'paused');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `rollout ${colorScheme}`)).toEqual([]);
  }

  const download = page.waitForEvent('download');
  await rollout.reportCsv.click();
  const text = fs.readFileSync(await (await download).path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trimEnd().split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith('URN,School,Wave'));
  expect(header).toBeGreaterThanOrEqual(0);
  const detail = await ask(server, 'rollouts.get', { id });
  expect(lines.length - header - 1).toBeGreaterThanOrEqual(detail.sites.length);

  await page.getByTestId('nav-rollouts').click();
  await expect(page.getByTestId(`rollouts-row-${id}`)).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `rollouts ${colorScheme}`)).toEqual([]);
  }
});
