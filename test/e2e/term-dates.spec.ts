// Term dates turn a half-term week from failing to quiet: a simulated school stops sending at
// the start of half-term (the simulator keeps the real calendar); without term dates the console
// expects Monday to Thursday's transfers and calls it failing, after the LA's .ics it does not.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../electron/server/serve.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { fromLocal } from '../../shared/health/calendar.ts';
import { startFleet, type Fleet } from '../../sim/index.ts';
import { axe, seriousFindings } from './a11y.ts';
import { ask } from './core-ask.ts';
import { pollUntil } from './demo-sim.ts';
import { expect, STATIC_DIR, test as base } from './fixtures.ts';
import { SettingsPage } from './pages/settings-page.ts';
import { TermImportPage } from './pages/term-import-page.ts';
import { TriagePage } from './pages/triage-page.ts';

const ICS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'term-dates-2026-27.ics');
/** Thursday of the autumn half-term, 10:00 London: the school last sent on Friday 23 October. */
const HALF_TERM_THURSDAY = fromLocal('2026-10-29', 10 * 60);

const test = base.extend<{ fleet: Fleet; siteId: number }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring.
  fleet: async ({}, use) => {
    const fleet = await startFleet({ sites: 1, seed: 'term-dates', faultRate: 0, transientFailureRate: 0, start: HALF_TERM_THURSDAY, speed: 1, controlPort: false });
    await use(fleet);
    await fleet.close();
  },
  // The console runs on the fleet's clock, so both are in half-term.
  server: async ({ dataDir, fleet }, use) => {
    const server = await startServer({ dataDir, staticDir: STATIC_DIR, clock: fleet.clock });
    await use(server);
    await server.close();
  },
  siteId: async ({ server, fleet }, use) => {
    const ctx = server.core.context;
    await ctx.settings.set('dampingPolls', 1);
    await ctx.credentials.save('default', { privateKey: fleet.clientKey.privateKey });
    const [site] = await importSites({ store: ctx.store, now: () => ctx.clock.now() }, fleet.sites, { approvedBy: 'test' });
    if (!site) throw new Error('no simulated site');
    ctx.events.emit('sites.changed', { reason: 'imported', ids: [site.id] });
    await use(site.id);
  },
});

async function verdictOf(server: RunningServer, id: number): Promise<string> {
  return (await ask(server, 'site.detail', { id })).status.verdict;
}

test('importing the LA term dates (.ics) turns a half-term week from failing to quiet', async ({ page, server, fleet, siteId }) => {
  const [school] = fleet.sites;
  if (!school) throw new Error('no simulated school');
  expect(fleet.control.truthOf(school.urn).expected).toBe('healthy');

  // Before: no term dates, so half-term's missing transfers are missed transfers.
  await pollUntil(server, siteId, 'failing');
  const triage = new TriagePage(page);
  const terms = new TermImportPage(page);
  await triage.open();
  await expect(triage.row(school.urn)).toBeVisible();
  await expect(triage.row(school.urn)).toHaveAccessibleName(/Failing/);
  await expect(terms.notice).toContainText('only weekends count as quiet');
  expect(await seriousFindings(axe(page, '[data-testid="term-dates-notice"]'), 'term-dates notice')).toEqual([]);

  await terms.followNotice();
  await terms.choose(ICS);
  await expect(terms.terms.getByRole('row')).toHaveCount(7);
  await expect(terms.terms).toContainText('Autumn 1 2026/27');
  await expect(terms.terms).toContainText('Autumn 2 2026/27');
  await expect(terms.changes).toContainText('Replaces the whole of 2026/27: adds 6 terms');
  await expect(terms.ignored).toContainText('Sports day');
  expect(await seriousFindings(axe(page, '[data-testid="term-import"]'), 'term import preview')).toEqual([]);
  expect(await verdictOf(server, siteId)).toBe('failing');
  await terms.apply();
  await expect(new SettingsPage(page).field('terms.0.name')).toHaveValue('Autumn 1 2026/27');

  // After: the same school, the same missing transfers, on the same half-term Thursday: quiet.
  await pollUntil(server, siteId, 'healthy');
  await page.getByTestId('nav-triage').click();
  await expect(page.getByTestId('triage-empty')).toContainText('All 1 sites are healthy or quiet');
  await expect(triage.row(school.urn)).toHaveCount(0);
  await expect(terms.notice).toHaveCount(0);
  const audit = await ask(server, 'audit.list', {});
  expect(audit.find((e) => e.action === 'calendar.import')).toMatchObject({ actor: 'Sam Patel', target: 'term-dates-2026-27.ics' });
});
