// Remote actions end to end over the demo fleet (the simulator over real SSH): preview,
// confirm, progress, cancel, waiting for a school that is off, and verification.
import { isAcademy, type Site } from '../../shared/site.ts';
import type { RunningDemo } from './fixtures.ts';
import { axe, seriousFindings } from './a11y.ts';
import { ask } from './core-ask.ts';
import { pollUntil, simControl } from './demo-sim.ts';
import { expect, test } from './fixtures.ts';
import { ActionDialogPage, ActionsViewPage, RunPage } from './pages/actions-page.ts';
import { SitePage } from './pages/site-page.ts';
import { TriagePage } from './pages/triage-page.ts';

/** Healthy demo sites whose host key is approved: ones an action can reach. */
function healthy(demo: RunningDemo, where: (s: Site) => boolean = () => true): Site[] {
  const ok = new Set(demo.snapshot.statuses.filter((s) => s.verdict === 'healthy' && s.hostKey.state === 'pinned').map((s) => s.siteId));
  return demo.snapshot.sites.filter((s) => ok.has(s.id) && where(s));
}

test('a support engineer restarts a crash-looping academy from triage and sees it verified', async ({ page, server, demo }) => {
  const academy = healthy(demo, (s) => isAcademy(s.typeGroup))[0];
  if (!academy) throw new Error('The demo fleet has no healthy academy');
  await simControl(server).inject(academy.urn, { name: 'crash-loop' });
  await pollUntil(server, academy.id, 'failing');

  const triage = new TriagePage(page);
  await triage.open();
  const row = triage.row(academy.urn);
  await expect(row.getByTestId('remedy-action')).toHaveText('Restart the agent service…');
  await row.focus();
  await triage.press('x');
  const dialog = new ActionDialogPage(page);
  await expect(dialog.root).toBeVisible();
  await expect(dialog.verb).toHaveText('restart');
  await dialog.expectSites(1);
  await expect(dialog.root.getByTestId('action-site-names')).toHaveText(academy.name);
  await expect(dialog.root.getByTestId('action-kind-restart')).toBeChecked();
  await dialog.start();

  const run = new RunPage(page);
  await run.runId();
  const mine = run.group('succeeded').getByTestId(`run-action-${academy.id}`);
  await expect(mine.getByTestId('action-verification')).toHaveAttribute('data-verification', 'cleared', { timeout: 30_000 });
  await expect(mine.getByTestId('action-verification')).toContainText('Verified (Failing → Healthy)');
  await expect(run.state).toHaveText('Finished');

  // The verification is written on the incident the restart was for.
  await mine.getByRole('link', { name: academy.name }).click();
  const site = new SitePage(page);
  await expect(site.root).toHaveAttribute('data-site-id', String(academy.id));
  await expect(page.getByTestId('site-recent-actions')).toContainText('Verified');
  const incident = site.incidents.locator('li[data-testid^="incident-"]').first();
  await incident.getByRole('button', { name: /^Notes/ }).click();
  await expect(incident).toContainText(/Restarted by .+ — verified, healthy at \d\d:\d\d/);

  // What the journal learned shows beside the same remedy at the next crash-looping school.
  const next = healthy(demo).find((s) => s.id !== academy.id);
  if (!next) throw new Error('no second healthy site');
  await simControl(server).inject(next.urn, { name: 'crash-loop' });
  await pollUntil(server, next.id, 'failing');
  await site.open(next.id);
  await expect(site.reasons.getByTestId('remedy-learned')).toHaveText('Here, restart cleared 1 of 1 crash loops');
});

test('a bulk resync of a table selection shows progress and is cancelled part way', async ({ page, server, demo }) => {
  const chosen = healthy(demo).slice(0, 4);
  expect(chosen).toHaveLength(4);
  await page.goto(new URL('#/table', server.url).href);
  for (const s of chosen) await page.getByTestId(`table-row-${s.urn}`).getByTestId('row-select').check();
  await expect(page).toHaveURL(/#\/table$/);
  await page.getByTestId('act-on-selected').click();

  const dialog = new ActionDialogPage(page);
  await dialog.choose('resync');
  await dialog.dataset('attendance');
  await expect(dialog.verb).toHaveText('resync');
  await dialog.expectSites(4);
  await expect(dialog.root.getByTestId('action-description')).toContainText('resync attendance');
  await dialog.pacing({ concurrency: 1, waveSize: 1, wavePauseS: 4 });
  await dialog.start();

  const run = new RunPage(page);
  await run.runId();
  // The first wave has gone and the pause holds the rest: cancel lands part way.
  await expect(run.root.getByTestId('run-tally-succeeded')).toBeVisible({ timeout: 15_000 });
  await expect(run.progress).toContainText(/[1-3] of 4/);
  await expect(run.root.getByRole('progressbar')).toHaveAttribute('aria-valuemax', '4');
  await run.cancelRest();
  await expect(run.state).toHaveText('Cancelled');
  const succeeded = Number(await run.group('succeeded').getAttribute('data-n'));
  const cancelled = Number(await run.group('cancelled').getAttribute('data-n'));
  expect(succeeded).toBeGreaterThanOrEqual(1);
  expect(cancelled).toBeGreaterThanOrEqual(1);
  expect(succeeded + cancelled).toBe(4);
  await expect(run.group('cancelled').locator('tbody tr')).toHaveCount(cancelled);
  await expect(run.progress).toContainText('4 of 4');
});

test('a restart for a switched-off school waits, is queued, and runs and is verified when the school is back', async ({ page, server, demo }) => {
  const school = healthy(demo)[0];
  if (!school) throw new Error('no healthy site');
  const control = simControl(server);
  await control.inject(school.urn, { name: 'host-off' });
  await pollUntil(server, school.id, 'unreachable');

  const site = new SitePage(page);
  await site.open(school.id);
  await page.getByTestId('action-restart').click();
  const dialog = new ActionDialogPage(page);
  await dialog.expectSites(1);
  await expect(dialog.waiting).toContainText('1 site waits');
  await expect(dialog.waiting).toContainText(school.name);
  await dialog.start();

  const run = new RunPage(page);
  const runId = await run.runId();
  await expect(run.group('waiting').getByTestId(`run-action-${school.id}`)).toContainText('Waiting for the site');

  const actions = new ActionsViewPage(page);
  await actions.open();
  await expect(actions.queuedFor(school.id)).toContainText(school.name);
  await expect(actions.queuedFor(school.id)).toContainText('Restart');

  await control.clear(school.urn, 'host-off');
  await ask(server, 'poll.now', { ids: [school.id] });
  // It leaves the queue by itself (a push, not a reload).
  await expect(actions.queuedFor(school.id)).toHaveCount(0, { timeout: 20_000 });
  await actions.run(runId).getByRole('link').click();
  await expect(run.site(school.id)).toHaveAttribute('data-state', 'succeeded');
  await expect(run.site(school.id).getByTestId('action-verification')).toHaveAttribute('data-verification', 'cleared', { timeout: 30_000 });
});

test('a run over more than 25 sites needs the site count typed', async ({ page, server, demo }) => {
  await page.goto(new URL('#/grid', server.url).href);
  await page.getByTestId('act-on-shown').click();
  const dialog = new ActionDialogPage(page);
  await dialog.choose('diag');
  const n = Number(await dialog.siteCount.getAttribute('data-count'));
  expect(n).toBeGreaterThan(25);
  expect(n).toBeLessThanOrEqual(demo.snapshot.sites.length);
  await expect(dialog.run).toBeDisabled();
  await dialog.confirmField.fill(String(n - 1));
  await expect(dialog.run).toBeDisabled();
  await dialog.confirmField.fill(String(n));
  await expect(dialog.run).toBeEnabled();
  await expect(dialog.run).toHaveText(`Diagnostics: ${n} sites`);
  // A filter of 25 or fewer needs no typing.
  await dialog.root.getByTestId('action-cancel').click();
  await page.getByTestId('filter-text').fill(demo.snapshot.sites[0]?.name ?? '');
  await page.getByTestId('act-on-shown').click();
  await dialog.expectSites(1);
  await expect(dialog.confirmField).toHaveCount(0);
  await expect(dialog.run).toBeEnabled();
});

test('the action dialog, a run with a refused action, and the Actions view have no serious accessibility violations', async ({ page, server, demo }) => {
  const [busy] = healthy(demo);
  if (!busy) throw new Error('no healthy site');
  await simControl(server).inject(busy.urn, { name: 'agent-busy' });

  const site = new SitePage(page);
  await site.open(busy.id);
  await page.getByTestId('action-restart').click();
  const dialog = new ActionDialogPage(page);
  await dialog.expectSites(1);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page, '[data-testid="action-dialog"]'), `dialog ${colorScheme}`)).toEqual([]);
  }
  await dialog.start();

  const run = new RunPage(page);
  await run.runId();
  const refused = run.group('failed').getByTestId(`run-action-${busy.id}`);
  await expect(refused.getByTestId('action-error-code')).toHaveText('E_BUSY');
  await refused.getByText('Output').click();
  await expect(refused.getByTestId('action-output')).toContainText('E_BUSY');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `run ${colorScheme}`)).toEqual([]);
  }

  const actions = new ActionsViewPage(page);
  await actions.open();
  await expect(actions.runs.locator('tbody tr')).toHaveCount(1);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `actions ${colorScheme}`)).toEqual([]);
  }
});

test('a site named with shell metacharacters and HTML is shown as text in site detail and the action preview, and nothing runs', async ({ page, server }) => {
  const hostile = `<img src=x onerror="window.__pwned=1">$(reboot); \`id\` & "Lower" 'Site'`;
  const created = await ask(server, 'sites.create', { site: { urn: 149999, name: hostile, host: '127.0.0.1', port: 9, user: 'b2b', tags: [] } });
  await page.goto(new URL(`#/site/${created.id}`, server.url).href);
  const site = new SitePage(page);
  await expect(site.name).toContainText(hostile);
  await page.getByTestId('action-restart').click();
  const dialog = new ActionDialogPage(page);
  await expect(dialog.root).toBeVisible();
  // Its host key was never approved: it is left out, named as text, with the reason.
  await expect(dialog.root.getByTestId(`action-skipped-${created.id}`)).toContainText(hostile);
  await expect(dialog.root.getByTestId(`action-skipped-${created.id}`)).toContainText(/host key has not been approved/);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
