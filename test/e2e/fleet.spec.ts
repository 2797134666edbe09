import { isDown } from '../../shared/health/verdict.ts';
import { isAcademy } from '../../shared/site.ts';
import { startServer } from '../../electron/server/serve.ts';
import { axe, seriousFindings } from './a11y.ts';
import { expect, OPERATOR, STATIC_DIR, test } from './fixtures.ts';
import { FleetPage, isRemote } from './pages/fleet-page.ts';
import { OperatorPage } from './pages/operator-page.ts';

const STOPPED = new Set(['stale', 'failed', 'hung', 'overdue', 'never']);

test('a newcomer starts the demo from the empty console and sees the schools on a plain map when offline', async ({ page, server }) => {
  const fleet = new FleetPage(page);
  await fleet.goOffline();
  await expect(fleet.firstRun).toBeVisible();
  await expect(fleet.firstRun).toContainText('Start the demo fleet');
  await fleet.startDemo.click();

  await expect(page).toHaveURL(/#\/map$/);
  await expect(fleet.demoBanner).toContainText('DEMO');
  const snap = await server.core.request('fleet.snapshot', {});
  const count = snap.ok ? (snap.data as { sites: unknown[] }).sites.length : 0;
  expect(count).toBeGreaterThan(30);
  await expect(fleet.mapFrame).toHaveAttribute('data-placed', String(count));
  await expect(fleet.tilesUnavailable).toContainText('Map tiles unavailable — showing sites on a plain background');
  await expect(fleet.mapFrame).toHaveAttribute('data-tiles', 'off');
  await expect(fleet.drawnMarkers().first()).toBeVisible();

  page.once('dialog', (d) => void d.accept());
  await fleet.removeDemo.click();
  await expect(fleet.firstRun).toBeVisible();
  await expect(fleet.demoBanner).toBeHidden();
});

test('a support engineer finds a failing academy on the map, opens it and sees which dataset stopped', async ({ page, server, demo }) => {
  const target = demo.snapshot.sites
    .filter((s) => isAcademy(s.typeGroup))
    .map((site) => ({ site, status: demo.snapshot.statuses.find((st) => st.siteId === site.id) }))
    .map(({ site, status }) => ({ site, status, stopped: status?.datasets.find((d) => STOPPED.has(d.state)) }))
    .find(({ status, stopped }) => status !== undefined && isDown(status.verdict) && stopped !== undefined);
  if (!target?.stopped) throw new Error('The demo fleet should have a failing academy with a stopped dataset');

  const fleet = new FleetPage(page);
  await fleet.goOffline();
  await page.goto(new URL('#/map', server.url).href);
  await expect(fleet.mapFrame).toHaveAttribute('data-placed', String(demo.snapshot.sites.length));
  await fleet.failingOnly.check();
  await fleet.findOnMap(target.site.name, target.site.urn);
  await expect(fleet.marker(target.site.urn)).toBeVisible();
  await expect(fleet.popup).toContainText('Failing');
  await fleet.openFromPopup();

  await expect(page).toHaveURL(new RegExp(`#/site/${target.site.id}$`));
  await expect(fleet.siteDetail).toBeVisible();
  await expect(fleet.dataset(target.stopped.dataset)).toContainText(target.stopped.state);
  await page.goBack();
  await expect(fleet.map).toBeVisible();
});

test('the table filters and sorts the fleet, and the grid opens a site', async ({ page, server, demo }) => {
  const fleet = new FleetPage(page);
  const [first] = demo.snapshot.sites;
  if (!first) throw new Error('no demo sites');
  await page.goto(new URL('#/table', server.url).href);
  await expect(fleet.table).toHaveAttribute('data-rows', String(demo.snapshot.sites.length));

  await fleet.filterText.fill(String(first.urn));
  await expect(fleet.table).toHaveAttribute('data-rows', '1');
  await expect(fleet.tableRow(first.urn)).toContainText(first.name);
  await expect(fleet.filterCount).toHaveText(`1 of ${demo.snapshot.sites.length} sites`);
  await page.getByTestId('filter-clear').click();

  await fleet.sortBy('pupils').click();
  await expect(page.getByRole('columnheader', { name: /Pupils/ })).toHaveAttribute('aria-sort', 'descending');
  await fleet.sortBy('pupils').click();
  await expect(page.getByRole('columnheader', { name: /Pupils/ })).toHaveAttribute('aria-sort', 'ascending');

  await fleet.open('grid');
  await expect(fleet.tile(first.urn)).toHaveAttribute('aria-label', new RegExp(first.name));
  await fleet.tile(first.urn).click();
  await expect(page).toHaveURL(new RegExp(`#/site/${first.id}$`));
});

test('the map, grid and table have no serious accessibility violations', async ({ page, server, demo }) => {
  const fleet = new FleetPage(page);
  await fleet.goOffline();
  await page.goto(new URL('#/map', server.url).href);
  await expect(fleet.mapFrame).toHaveAttribute('data-placed', String(demo.snapshot.sites.length));
  await expect(fleet.drawnMarkers().first()).toBeVisible();
  for (const view of ['map', 'grid', 'table'] as const) {
    await fleet.open(view);
    // Both themes: contrast that holds in light can fail in dark. The whole page, shell included.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousFindings(axe(page), `${view} ${colorScheme}:`)).toEqual([]);
    }
  }
});

test('with an Ordnance Survey key set, the map draws OS tiles and shows no fallback notice', async ({ page, server, demo }) => {
  const saved = await server.core.request('settings.update', { patch: { map: { tiles: 'os', osApiKey: 'test-key-1' } } });
  expect(saved.ok).toBe(true);
  // A stand-in tile server: any PNG will do, the point is what the map asks for.
  const requested: string[] = [];
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.route(isRemote, async (r) => {
    requested.push(r.request().url());
    await r.fulfill({ status: 200, contentType: 'image/png', body: png });
  });
  const fleet = new FleetPage(page);
  await page.goto(new URL('#/map', server.url).href);
  await expect(fleet.mapFrame).toHaveAttribute('data-placed', String(demo.snapshot.sites.length));
  await expect(fleet.map.locator('.leaflet-tile-loaded').first()).toBeAttached();
  await expect(fleet.mapFrame).toHaveAttribute('data-tiles', 'on');
  await expect(fleet.tilesUnavailable).toBeHidden();
  expect(requested.some((u) => u.startsWith('https://api.os.uk/maps/raster/v1/zxy/Light_3857/') && u.endsWith('.png?key=test-key-1'))).toBe(true);
  await expect(fleet.map).toContainText('Crown copyright');
});

test('the console says when its connection to the server is lost, and recovers by itself', async ({ browser, dataDir }) => {
  let server = await startServer({ dataDir, staticDir: STATIC_DIR });
  const page = await browser.newPage();
  try {
    await page.goto(server.loginUrl);
    await new OperatorPage(page).nameAs(OPERATOR);
    const fleet = new FleetPage(page);
    await expect(fleet.firstRun).toBeVisible();
    const { port, token } = server;
    await server.close();
    await expect(page.getByTestId('connection-lost')).toContainText('Reconnecting');
    server = await startServer({ dataDir, staticDir: STATIC_DIR, port, token });
    await expect(page.getByTestId('connection-lost')).toBeHidden({ timeout: 20_000 });
    await expect(fleet.startDemo).toBeEnabled();
  } finally {
    await page.close();
    await server.close();
  }
});

test('the first-run screen has no serious accessibility violations', async ({ page }) => {
  await expect(new FleetPage(page).firstRun).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `${colorScheme}:`)).toEqual([]);
  }
});
