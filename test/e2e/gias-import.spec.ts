// GIAS import in Chromium: the fixture previewed then applied (an invalid row shown with its
// line, a hostile name shown as text), local fields given, and a changed extract re-imported:
// the preview shows only GIAS's changes and the local fields stay.
import { axe, seriousFindings } from './a11y.ts';
import { expect, test } from './fixtures.ts';
import { GiasImportPage } from './pages/gias-page.ts';
import { SitesPage } from './pages/sites-page.ts';
import type { Site } from '../../shared/site.ts';
import { fixtureTable, setCell, tableText, windows1252 } from '../helpers/gias-files.ts';

const HOSTILE = '<img src=x onerror="window.__pwned=1"> $(touch /tmp/pwned) Primary';

test('a GIAS extract is previewed, applied, given local fields and re-imported without touching them', async ({ page, server }) => {
  const sites = new SitesPage(page);
  const gias = new GiasImportPage(page);
  await sites.open(server.url);
  const t = fixtureTable();
  setCell(t, 141005, 'EstablishmentName', HOSTILE);
  t.rows.push((t.rows[3] ?? []).map((c, i) => (i === 0 ? 'ABC123' : c)));

  await gias.open();
  expect(await seriousFindings(axe(page, '[data-testid="gias-dialog"]'), 'import dialog')).toEqual([]);
  await gias.preview('edubasealldata.csv', windows1252(tableText(t)));
  await expect(gias.count('created')).toHaveText('40');
  await expect(gias.count('changed')).toHaveText('0');
  await expect(gias.count('skipped')).toHaveText('2');
  await expect(gias.count('invalid')).toHaveText('1');
  await expect(gias.dialog.getByTestId('gias-problem-line-44')).toContainText('URN "ABC123" is not six digits');
  expect(await seriousFindings(axe(page, '[data-testid="gias-dialog"]'), 'import preview')).toEqual([]);
  await gias.apply();

  await expect(sites.row(141005)).toContainText(HOSTILE);
  await expect(sites.row(141005).locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('not-set-up-141005')).toHaveText('Not set up yet');

  // Local fields, through the site form: host, user, tags and notes.
  await page.getByRole('button', { name: `Edit ${HOSTILE}` }).click();
  await sites.fill({ host: '127.0.0.1', user: 'b2b', tags: 'pilot' });
  await page.getByTestId('field-notes').fill('Key with the caretaker');
  await sites.save();
  await expect(sites.form).toBeHidden();
  await expect(sites.row(141005)).toContainText('b2b@127.0.0.1:22');

  const changed = fixtureTable();
  setCell(changed, 141005, 'EstablishmentName', 'St Margaret’s Catholic Primary Academy');
  setCell(changed, 141885, 'NumberOfPupils', '700');
  await gias.open();
  await gias.preview('edubasealldata-2.csv', windows1252(tableText(changed)));
  await expect(gias.count('created')).toHaveText('0');
  await expect(gias.count('changed')).toHaveText('2');
  await expect(gias.count('unchanged')).toHaveText('38');
  await expect(gias.dialog.getByTestId('gias-changed-141005')).toHaveText(`${HOSTILE} (141005): name: ${HOSTILE} → St Margaret’s Catholic Primary Academy`);
  await expect(gias.dialog.getByTestId('gias-changed-141885')).toHaveText('Birchwood Academy (141885): pupils: 632 → 700');
  await gias.apply();

  const list = await server.core.request('sites.list', {});
  const s = (list.ok ? (list.data as Site[]) : []).find((x) => x.urn === 141005);
  expect(s).toMatchObject({ name: 'St Margaret’s Catholic Primary Academy', host: '127.0.0.1', user: 'b2b', tags: ['pilot'], notes: 'Key with the caretaker', area: 'WM4' });
  await expect(sites.row(141005)).toContainText('b2b@127.0.0.1:22');
});

test('a school GIAS left off the map is listed and placed by its postcode, marked approximate', async ({ page, server }) => {
  const sites = new SitesPage(page);
  const gias = new GiasImportPage(page);
  await sites.open(server.url);
  const t = fixtureTable();
  setCell(t, 141005, 'Easting', '0');
  setCell(t, 141005, 'Northing', '0');
  await gias.open();
  await gias.preview('edubasealldata.csv', windows1252(tableText(t)));
  await expect(gias.dialog.getByTestId('gias-not-on-map')).toContainText('(141005), WM4 2UA');
  await gias.apply();

  await expect(page.getByTestId('not-on-map-141005')).toBeVisible();
  expect(await seriousFindings(axe(page, '[data-testid="not-on-map"]'), 'not on the map')).toEqual([]);
  await page.getByTestId('place-141005').click();
  await expect(page.getByTestId('not-on-map-notice')).toContainText(/approximate: the middle of \d+ registered schools? in postcode (sector WM4 2|district WM4)/);
  await expect(page.getByTestId('not-on-map-141005')).toBeHidden();
  const list = await server.core.request('sites.list', {});
  expect((list.ok ? (list.data as Site[]) : []).find((x) => x.urn === 141005)).toMatchObject({ locationSource: 'postcode' });
});
