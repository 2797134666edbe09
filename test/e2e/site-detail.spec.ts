// A support engineer drills into a failing school of the demo fleet (the simulator over
// real SSH): which dataset stopped, since when, the agent's log, and the incident hand-over.
import { DATASET_LABELS } from '../../shared/protocol/v1.ts';
import { ask } from './core-ask.ts';
import { axe, seriousFindings } from './a11y.ts';
import { expect, OPERATOR, test } from './fixtures.ts';
import { SitePage } from './pages/site-page.ts';

const STOPPED = ['stale', 'failed'];

test.beforeEach(async ({ server }) => {
  expect(await server.core.request('demo.start', {})).toMatchObject({ ok: true });
  expect(await server.core.request('poll.now', {})).toMatchObject({ ok: true });
});

test('site detail shows which dataset stopped at a failing site', async ({ page, server }) => {
  const { statuses, sites } = await server.core.context.poller.snapshot();
  const status = statuses.find((s) => s.datasets.some((d) => STOPPED.includes(d.state)));
  if (!status) throw new Error('the demo fleet should have a site with a stale or failed dataset');
  const site = sites.find((s) => s.id === status.siteId);

  const detail = new SitePage(page);
  await detail.open(status.siteId);
  await expect(detail.name).toHaveText(site?.name ?? '');
  await expect(page.getByTestId('site-urn')).toHaveText(String(site?.urn));
  await expect(detail.verdict).toHaveAttribute('data-verdict', status.verdict);
  await expect(detail.reasons).toContainText(status.reasons[0]?.message ?? '');

  for (const d of status.datasets) {
    const card = detail.dataset(d.dataset);
    await expect(card).toHaveAttribute('data-state', d.state);
    // The state is a word on screen, not just a colour.
    await expect(card).toContainText(DATASET_LABELS[d.dataset]);
    await expect(card.getByTestId(`dataset-${d.dataset}-state`)).toHaveText(d.state);
    if (d.errorCode) await expect(card).toContainText(d.errorCode);
    await expect(card).toContainText(`Missed slots${d.missedSlots}`);
  }
  const stopped = status.datasets.filter((d) => STOPPED.includes(d.state)).map((d) => DATASET_LABELS[d.dataset]);
  await expect(page.getByTestId('site-freshness')).toContainText(`Stopped: ${stopped.join(', ')}`);
  // One poll is one sample: the timeline says so rather than drawing nothing.
  await expect(detail.timelineSummary.or(page.getByTestId('timeline-empty'))).toContainText(/% up over 30 days|Not monitored yet|Monitored since/);
});

test('the agent log is fetched on demand, and a refused login is explained', async ({ page, server }) => {
  const { statuses } = await server.core.context.poller.snapshot();
  const healthy = statuses.find((s) => s.verdict === 'healthy');
  const refused = statuses.find((s) => s.verdict === 'auth-failed' || s.verdict === 'unreachable');
  if (!healthy || !refused) throw new Error('the demo fleet should have a healthy site and one that refuses us');

  const detail = new SitePage(page);
  await detail.open(healthy.siteId);
  await expect(detail.logLines).toHaveCount(0);
  await detail.fetchLog();
  await expect(detail.logLines.locator('li').first()).toBeVisible();
  await expect(detail.logLines).toContainText(/transfer/);

  await detail.open(refused.siteId);
  await detail.fetchLog();
  await expect(detail.logError).toContainText('Could not fetch the log');
});

test('an engineer acknowledges an open incident and leaves a note for the next shift', async ({ page, server }) => {
  const open = await ask(server, 'incidents.list', { state: 'open' });
  const incident = open.find((i) => i.kind === 'site');
  if (incident?.kind !== 'site') throw new Error('the demo fleet should have an open site incident after a poll');

  const detail = new SitePage(page);
  await detail.open(incident.siteId);
  const item = detail.incident(incident.id);
  await expect(item).toContainText('Open');
  await item.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(item).toContainText(`acknowledged by ${OPERATOR}`);

  await item.getByRole('button', { name: /Notes/ }).click();
  await page.getByTestId(`incident-${incident.id}-note`).fill('Endpoint moved; asked the school to re-run the installer.');
  await item.getByRole('button', { name: 'Add note' }).click();
  await expect(item).toContainText('Endpoint moved; asked the school to re-run the installer.');
  expect(await ask(server, 'incidents.notes', { id: incident.id })).toMatchObject([{ author: OPERATOR }]);
});

test('the site detail view has no serious accessibility violations', async ({ page, server }) => {
  const { statuses } = await server.core.context.poller.snapshot();
  const status = statuses.find((s) => s.datasets.some((d) => STOPPED.includes(d.state))) ?? statuses[0];
  if (!status) throw new Error('no sites');
  const detail = new SitePage(page);
  await detail.open(status.siteId);
  await expect(detail.timelineSummary.or(page.getByTestId('timeline-empty'))).toBeVisible();
  // Both themes: contrast that holds in light can fail in dark.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page, '[data-testid="site-detail"]'), colorScheme)).toEqual([]);
  }
});
