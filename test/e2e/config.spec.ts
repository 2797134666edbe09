// Fleet configuration end to end over the demo fleet: editing a template (a wrong setting is
// named at its field, every save needs a note, versions keep who and why), and drift shown
// in the fleet table's column and filter and counted in the header.
import { axe, seriousFindings } from './a11y.ts';
import { ask } from './core-ask.ts';
import { simControl } from './demo-sim.ts';
import { expect, OPERATOR, test } from './fixtures.ts';
import { ConfigPage } from './pages/config-page.ts';

const SAAS = 'https://one-saas.example.gov.uk/b2b';

test('an engineer writes a template: errors at the field, a note on every save, and the version history', async ({ page, demo }) => {
  expect(demo.snapshot.sites.length).toBeGreaterThan(0);
  const config = new ConfigPage(page);
  await config.open();
  await config.newTemplate('SaaS move');

  // A plain-http endpoint and an impossible time are named where they were typed; nothing is saved.
  await config.field('endpointUrl').fill('http://one.example.gov.uk/b2b');
  await config.field('schedule.attendance').fill('25:00');
  await config.saveWithNote('Move every school to the SaaS endpoint');
  await expect(config.fieldError('endpointUrl')).toBeVisible();
  await expect(config.fieldError('schedule.attendance')).toContainText('HH:MM');
  await expect(config.field('endpointUrl')).toHaveAttribute('aria-invalid', 'true');
  await expect(config.saveError).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `config with errors ${colorScheme}`)).toEqual([]);
  }

  // A note is required.
  await config.field('endpointUrl').fill(SAAS);
  await config.field('schedule.attendance').fill('13:30');
  await config.note.fill('');
  await config.save.click();
  await expect(config.fieldError('note')).toBeVisible();

  await config.saveWithNote('Move every school to the SaaS endpoint');
  await config.expectVersion(1);
  await expect(page.getByTestId('template-item-SaaS move')).toHaveAttribute('data-version', '1');

  await config.field('schedule.attendance').fill('13:30, 16:00');
  await config.saveWithNote('A second attendance return after school');
  await config.expectVersion(2);

  await expect(config.version(2)).toContainText(OPERATOR);
  await expect(config.version(2)).toContainText('A second attendance return after school');
  await expect(config.version(1)).toContainText('Move every school to the SaaS endpoint');
  await config.version(1).getByTestId('version-view-1').click();
  await expect(config.versions.getByTestId('version-fields-1')).toContainText(SAAS);
  await expect(config.versions.getByTestId('version-fields-1')).toContainText('13:30');
  await expect(config.versions.getByTestId('version-fields-1')).not.toContainText('16:00');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `config ${colorScheme}`)).toEqual([]);
  }
});

test('drift shows in the table column and filter, and the header counts it, local changes apart', async ({ page, server, demo }) => {
  await ask(server, 'config.saveTemplate', { name: 'SaaS move', fields: { endpointUrl: SAAS }, note: 'Move to SaaS', baseVersion: 0 });
  await ask(server, 'config.assign', { siteIds: 'all', template: 'SaaS move' });
  const states = await ask(server, 'config.states', {});
  const drift = states.filter((s) => s.state === 'drift');
  expect(drift.length).toBeGreaterThan(0);

  const count = page.getByTestId('config-drift-count');
  await expect(count).toHaveAttribute('data-n', String(drift.length));
  await expect(count).toContainText(`${drift.length} config drift`);
  await count.click();
  await expect(page.getByTestId('filter-config')).toHaveValue('drift');
  const table = page.getByTestId('fleet-table');
  await expect(table).toHaveAttribute('data-rows', String(drift.length));
  const first = demo.snapshot.sites.find((s) => s.id === drift[0]?.siteId);
  if (!first) throw new Error('no drifting site');
  await page.getByTestId('filter-text').fill(String(first.urn));
  await expect(page.getByTestId(`table-row-${first.urn}`).getByTestId('config-state-badge')).toHaveAttribute('data-config-state', 'drift');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `table ${colorScheme}`)).toEqual([]);
  }

  // The grid marks the same sites; the map can colour its pins by config state.
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('nav-grid').click();
  await expect(page.getByTestId(`tile-${first.urn}`)).toHaveAttribute('data-config-state', 'drift');
  await expect(page.getByTestId(`tile-${first.urn}`).getByTestId('tile-config-badge')).toBeVisible();
  await page.getByTestId('nav-map').click();
  await page.getByTestId('map-config-layer').check();
  await expect(page.getByTestId('map-config-legend')).toBeVisible();
  await expect(page.getByTestId('map-frame')).toHaveAttribute('data-layer', 'config');

  // Someone edits one school's config on its server: counted apart, never overwritten silently.
  await simControl(server).changeConfig(first.urn, { logLevel: 'debug' });
  await expect
    .poll(async () => {
      await ask(server, 'poll.now', { ids: [first.id] });
      return (await ask(server, 'config.states', {})).find((s) => s.siteId === first.id)?.state;
    })
    .toBe('changed-locally');
  await expect(page.getByTestId('config-local-count')).toContainText('1 changed locally');
  await expect(page.getByTestId('config-drift-count')).toContainText(`${drift.length - 1} config drift`);
  await page.goto(new URL(`#/site/${first.id}`, server.url).href);
  const panel = page.getByTestId('site-fleet-config');
  await expect(panel.getByTestId('site-config-local')).toContainText('never overwrites');
  // The template sets only the endpoint: the local log level is the site's own, and stays.
  await expect(panel.getByTestId('config-row-endpointUrl')).toHaveAttribute('data-changed', 'true');
  await expect(panel.getByTestId('config-row-logLevel')).toHaveAttribute('data-changed', 'false');
  await expect(panel.getByTestId('config-row-logLevel')).toContainText('debug');
  await expect(page.getByTestId('config-read-at')).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `site detail ${colorScheme}`)).toEqual([]);
  }
  await panel.getByTestId('config-accept-local').click();
  await expect(panel.getByTestId('site-config-summary')).toHaveAttribute('data-state', 'drift');
  await expect(page.getByTestId('config-local-count')).toHaveCount(0);
});

test('an area override is laid over the template, named as the source in a site’s preview, and removed with a note', async ({ page, server, demo }) => {
  await ask(server, 'config.saveTemplate', { name: 'SaaS move', fields: { endpointUrl: SAAS, logLevel: 'info' }, note: 'Move to SaaS', baseVersion: 0 });
  await ask(server, 'config.assign', { siteIds: 'all', template: 'SaaS move' });
  // The demo's own per-area endpoint overrides would stand over the template's endpoint.
  for (const o of await ask(server, 'config.overrides', {})) await ask(server, 'config.deleteOverride', { scope: o.scope, key: o.key, note: 'One template for the whole LA' });
  const site = demo.snapshot.sites.find((s) => s.area !== null);
  if (!site?.area) throw new Error('no demo site with an area');

  const config = new ConfigPage(page);
  await config.open();
  await config.choose('SaaS move');
  const overrides = page.getByTestId('overrides');
  await overrides.getByTestId('override-new').click();
  const form = overrides.getByTestId('override-form');
  await form.getByTestId('override-scope').selectOption('area');
  await form.getByTestId('override-key').selectOption(site.area);
  await form.getByTestId('field-logLevel').selectOption('debug');
  await form.getByTestId('override-save').click();
  await expect(form.getByTestId('error-note')).toBeVisible();
  await form.getByTestId('override-note').fill('Debug logs while we chase the exclusions backlog in this area');
  await form.getByTestId('override-save').click();
  await expect(form).toBeHidden();
  const row = overrides.getByTestId(`override-area-${site.area}`);
  await expect(row).toContainText('Log level: debug');

  await config.editor.getByTestId('preview-site').selectOption(String(site.id));
  await config.editor.getByTestId('preview-site-go').click();
  const preview = config.editor.getByTestId('site-config-summary');
  await expect(preview.getByTestId('config-row-logLevel')).toContainText('debug');
  await expect(preview.getByTestId('config-row-logLevel')).toContainText(site.area);
  await expect(preview.getByTestId('config-row-endpointUrl')).toContainText(SAAS);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), `config preview ${colorScheme}`)).toEqual([]);
  }

  await row.getByRole('button', { name: /Remove/ }).click();
  await page.getByTestId('text-dialog-input').fill('Backlog cleared');
  await page.getByTestId('text-dialog-submit').click();
  await expect(overrides.getByTestId('overrides-empty')).toBeVisible();
});
