import { axe, seriousFindings } from './a11y.ts';
import { expect, test } from './fixtures.ts';
import { SitesPage } from './pages/sites-page.ts';

test.beforeEach(async ({ page, server }) => {
  await new SitesPage(page).open(server.url);
});

const ACADEMY = { urn: '141885', laestab: '999/4001', name: 'Birchwood Academy', typeGroup: 'Academies', host: '127.0.0.1', port: '2222', user: 'b2b', tags: 'north, secondary' };

test('a site added through the form is still there after a reload', async ({ page }) => {
  const sites = new SitesPage(page);
  await expect(page.getByTestId('sites-empty')).toBeVisible();
  await sites.addSite(ACADEMY);
  await expect(sites.form).toBeHidden();
  await expect(sites.row(141885)).toContainText('Birchwood Academy');
  await expect(sites.row(141885)).toContainText('999/4001');
  await page.reload();
  await expect(sites.row(141885)).toContainText('b2b@127.0.0.1:2222');
  await expect(sites.row(141885)).toContainText('north, secondary');
});

test('a bad URN is reported at the field and nothing is saved', async ({ page, server }) => {
  const sites = new SitesPage(page);
  await sites.addSite({ ...ACADEMY, urn: '12ab' });
  await expect(sites.fieldError('urn')).toBeVisible();
  await expect(sites.fieldError('urn')).toContainText(/URN/);
  await sites.fill({ urn: '' });
  await sites.save();
  await expect(sites.fieldError('urn')).toHaveText('URN is required');
  const stored = await server.core.request('sites.list', {});
  expect(stored).toEqual({ ok: true, data: [] });
});

test('a port out of range and a duplicate URN are reported at their fields', async ({ page }) => {
  const sites = new SitesPage(page);
  await sites.addSite({ ...ACADEMY, port: '70000' });
  await expect(sites.fieldError('port')).toHaveText('Port must be between 1 and 65535');
  await sites.fill({ port: '22' });
  await sites.save();
  await expect(sites.row(141885)).toBeVisible();

  await sites.addSite({ ...ACADEMY, name: 'Another school' });
  await expect(sites.fieldError('urn')).toContainText('already registered to Birchwood Academy');
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page.getByText('Another school')).toHaveCount(0);
});

test('a host that is not a host and a lone latitude are reported at their fields and nothing is saved', async ({ page, server }) => {
  const sites = new SitesPage(page);
  await sites.addSite({ ...ACADEMY, host: '-oProxyCommand=sh', latitude: '52.4' });
  await expect(sites.fieldError('host')).toHaveText('Host cannot start with "-"');
  await expect(sites.fieldError('longitude')).toHaveText('Give a longitude too, or clear the latitude');
  await sites.fill({ host: '999.999.999.999' });
  await sites.save();
  await expect(sites.fieldError('host')).toHaveText('Not a valid IPv4 address');
  await expect(sites.form).toBeVisible();
  expect(await server.core.request('sites.list', {})).toEqual({ ok: true, data: [] });
});

test('a site can be edited and removed', async ({ page }) => {
  const sites = new SitesPage(page);
  await sites.addSite(ACADEMY);
  await page.getByRole('button', { name: 'Edit Birchwood Academy' }).click();
  await sites.fill({ name: 'Birchwood Academy (Upper)', port: '2200' });
  await sites.save();
  await expect(sites.row(141885)).toContainText('Birchwood Academy (Upper)');
  await expect(sites.row(141885)).toContainText(':2200');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('remove-141885').click();
  await expect(sites.row(141885)).toHaveCount(0);
});

test('a removed site is listed under removed sites, its URN cannot be added again, and it can be restored', async ({ page, server }) => {
  const sites = new SitesPage(page);
  await sites.addSite(ACADEMY);
  let confirmation = '';
  page.once('dialog', (d) => {
    confirmation = d.message();
    void d.accept();
  });
  await page.getByTestId('remove-141885').click();
  await expect(sites.row(141885)).toHaveCount(0);
  expect(confirmation).toContain('history and incidents are kept');
  await expect(page.getByTestId('removed-row-141885')).toContainText('Birchwood Academy');

  await sites.addSite({ ...ACADEMY, name: 'Birchwood again' });
  await expect(sites.fieldError('urn')).toContainText('which was removed: restore it from Removed sites');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('restore-141885').click();
  await expect(sites.row(141885)).toContainText('Birchwood Academy');
  await expect(page.getByTestId('removed-sites')).toHaveCount(0);
  const snapshot = await server.core.request('fleet.snapshot', {});
  expect(snapshot).toMatchObject({ ok: true, data: { sites: [{ urn: 141885, archivedAt: null }] } });
});

test('the sites view has no serious accessibility violations', async ({ page }) => {
  const sites = new SitesPage(page);
  await sites.addSite(ACADEMY);
  await sites.openAddForm();
  expect(await seriousFindings(axe(page))).toEqual([]);
});
