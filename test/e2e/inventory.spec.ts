// The host inventory in Chromium: export, edit, import with a bad row, apply the valid rows;
// and a bulk tag from the fleet table's selection. Every change lands in the register and the audit.
import fs from 'node:fs';
import { axe, seriousFindings } from './a11y.ts';
import { expect, test } from './fixtures.ts';
import { FleetPage } from './pages/fleet-page.ts';
import { InventoryPage } from './pages/inventory-page.ts';
import { SitesPage } from './pages/sites-page.ts';
import type { RunningServer } from '../../electron/server/serve.ts';
import type { AuditEntry } from '../../shared/audit.ts';
import type { Site } from '../../shared/site.ts';

// Ports nothing listens on: polls fail at once on loopback, and these sites are only edited.
const SCHOOLS = [
  { urn: 141001, name: 'Ashdown Primary', host: '127.0.0.1', port: 1, user: 'b2b', tags: ['north'], area: 'North' },
  { urn: 141002, name: 'Birchwood Academy', host: '127.0.0.1', port: 2, user: 'b2b', tags: ['north'], area: 'North' },
  { urn: 141003, name: 'Cedar Infants', host: '127.0.0.1', port: 3, user: 'b2b', tags: [], area: null },
];

async function listed(server: RunningServer): Promise<Site[]> {
  const r = await server.core.request('sites.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.data as Site[];
}
async function audited(server: RunningServer): Promise<AuditEntry[]> {
  const r = await server.core.request('audit.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return (r.data as AuditEntry[]).filter((e) => e.detail.source !== undefined);
}

test.beforeEach(async ({ server }) => {
  for (const site of SCHOOLS) {
    const r = await server.core.request('sites.create', { site });
    if (!r.ok) throw new Error(r.error.message);
  }
});

test('export, edit, import with one bad row: the preview names its line, the valid rows are applied and audited', async ({ page, server }) => {
  const sites = new SitesPage(page);
  const inventory = new InventoryPage(page);
  await sites.open(server.url);
  const download = await inventory.exportCsv();
  const exported = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  expect(exported.split('\r\n')[0]).toBe('URN,name,host,port,user,credential,tags,area');

  // The export reads back with nothing to change.
  await inventory.importCsv('inventory.csv', exported);
  await expect(inventory.preview).toContainText('0 sites change, 3 unchanged, 0 lines cannot be used');
  await inventory.fixFirst.click();
  await expect(inventory.message).toContainText('Nothing was changed');

  const edited = exported
    .replace('141001,Ashdown Primary,127.0.0.1,1,b2b,,north,North', '141001,Ashdown Primary,127.0.0.2,2201,b2b,,north; pilot,North')
    .replace('141003,Cedar Infants,127.0.0.1,3,b2b,,,', '141003,Cedar Infants,127.0.0.1,3,-oProxyCommand=sh,,,');
  expect(edited).not.toBe(exported);
  await inventory.importCsv('inventory.csv', edited);
  await expect(inventory.preview).toContainText('1 site changes, 1 unchanged, 1 line cannot be used');
  await expect(inventory.line(2)).toContainText('Host: 127.0.0.1 → 127.0.0.2');
  await expect(inventory.line(2)).toContainText('Port: 1 → 2201');
  await expect(inventory.line(2)).toContainText('Tags: north → north; pilot');
  await expect(inventory.line(4)).toContainText('Not used: user: User cannot start with "-"');
  expect(await seriousFindings(axe(page, '[data-testid="inventory"]'), 'inventory preview')).toEqual([]);

  await inventory.apply.click();
  await expect(inventory.message).toHaveText('Updated 1 site.');
  await expect(sites.row(141001)).toContainText('b2b@127.0.0.2:2201');
  await expect(sites.row(141001)).toContainText('north, pilot');
  const after = await listed(server);
  expect(after.find((s) => s.urn === 141003)).toMatchObject({ user: 'b2b' });
  const entries = await audited(server);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actor: 'Sam Patel', action: 'site.update', target: 'Ashdown Primary', detail: { source: 'inventory import', changes: { host: { before: '127.0.0.1', after: '127.0.0.2' } } } });

  // The same file again changes nothing.
  await inventory.importCsv('inventory.csv', edited);
  await expect(inventory.preview).toContainText('0 sites change, 2 unchanged, 1 line cannot be used');
  await expect(inventory.apply).toBeDisabled();
});

test('a bulk tag from the table selection: preview the count, apply, one audit entry per site', async ({ page, server }) => {
  const fleet = new FleetPage(page);
  await page.goto(server.url);
  await fleet.open('table');
  await fleet.table.getByTestId('table-row-141001').getByTestId('row-select').check();
  await fleet.table.getByTestId('table-row-141003').getByTestId('row-select').check();
  const inventory = new InventoryPage(page);
  await inventory.bulkEdit({ addTags: 'pilot', removeTags: 'north' });
  await expect(inventory.bulk.getByTestId('bulk-summary')).toContainText('2 sites change; 0 already as asked.');
  expect(await seriousFindings(axe(page, '[data-testid="bulk-edit"]'), 'bulk edit')).toEqual([]);
  await inventory.bulk.getByTestId('bulk-confirm').click();
  await expect(page.getByTestId('bulk-notice')).toHaveText('Updated 2 sites.');
  const tags = Object.fromEntries((await listed(server)).map((s) => [s.urn, s.tags]));
  expect(tags).toEqual({ 141001: ['pilot'], 141002: ['north'], 141003: ['pilot'] });
  const entries = (await audited(server)).map((e) => `${e.actor}: ${e.target ?? ''} (${String(e.detail.source)})`).sort();
  expect(entries).toEqual(['Sam Patel: Ashdown Primary (bulk edit)', 'Sam Patel: Cedar Infants (bulk edit)']);
});
