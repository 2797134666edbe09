import { channels } from '../../shared/contract.ts';
import { axe, seriousFindings } from './a11y.ts';
import { expect, OPERATOR, test } from './fixtures.ts';
import { FleetPage } from './pages/fleet-page.ts';
import { TriagePage } from './pages/triage-page.ts';

test('triage by keyboard: j and k move, a acknowledges under the session operator, Enter opens the site', async ({ page, server, demo }) => {
  expect(demo.snapshot.sites.length).toBeGreaterThan(0);
  const triage = new TriagePage(page);
  await page.goto(new URL('#/triage', server.url).href);
  await expect(triage.rows.nth(1)).toBeVisible();
  const firstUrn = await triage.urnAt(0);
  const secondUrn = await triage.urnAt(1);
  // The top site is down, so it has an open incident to acknowledge.
  await expect(triage.row(firstUrn).getByTestId('ack')).toBeEnabled();

  await triage.press('j');
  await expect(triage.row(secondUrn)).toBeFocused();
  await expect(triage.selected).toHaveAttribute('data-testid', `triage-row-${secondUrn}`);
  await triage.press('k');
  await expect(triage.row(firstUrn)).toBeFocused();

  // No name asked: the session's operator acknowledges.
  await triage.press('a');
  await expect(triage.dialog).toBeHidden();
  await expect(triage.row(firstUrn)).toContainText(`Acknowledged by ${OPERATOR}`);
  await expect(triage.row(firstUrn).getByTestId('ack')).toBeDisabled();

  await triage.row(firstUrn).focus();
  await triage.press('Enter');
  const site = demo.snapshot.sites.find((s) => s.urn === firstUrn);
  await expect(page).toHaveURL(new RegExp(`#/site/${site?.id ?? 0}$`));
  await expect(new FleetPage(page).siteDetail).toBeVisible();
  await page.goBack();
  await expect(triage.list).toBeVisible();
});

test('slash searches the queue and the command palette jumps to a site', async ({ page, server, demo }) => {
  const triage = new TriagePage(page);
  await page.goto(new URL('#/triage', server.url).href);
  const urn = await triage.urnAt(0);
  await triage.press('/');
  await expect(triage.search).toBeFocused();
  await page.keyboard.type(String(urn));
  await expect(triage.rows).toHaveCount(1);

  const target = demo.snapshot.sites.find((s) => s.urn === urn);
  if (!target) throw new Error('row without a site');
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-map').focus();
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('palette')).toBeVisible();
  await page.keyboard.type(target.name.slice(0, 8));
  await expect(page.getByTestId(`palette-site-${target.id}`)).toBeVisible();
  await page.getByTestId(`palette-site-${target.id}`).click();
  await expect(page).toHaveURL(new RegExp(`#/site/${target.id}$`));
});

test('the triage view has no serious accessibility violations', async ({ page, server, demo }) => {
  expect(demo.snapshot.sites.length).toBeGreaterThan(0);
  const triage = new TriagePage(page);
  await page.goto(new URL('#/triage', server.url).href);
  await expect(triage.rows.first()).toBeVisible();
  // The palette is part of the flow, so it is checked too.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), colorScheme)).toEqual([]);
  }
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('palette')).toBeVisible();
  expect(await seriousFindings(axe(page, '[data-testid="palette"]'), 'palette')).toEqual([]);
});

test('a new incident raises a desktop notification and a toast, and nothing while alerts are muted', async ({ page, server, demo }) => {
  expect(demo.snapshot.sites.length).toBeGreaterThan(0);
  // Record what the page asks of the Notification API instead of drawing real desktop pop-ups.
  await page.addInitScript(() => {
    const shown: { title: string; body: string | undefined }[] = [];
    class RecordingNotification {
      static readonly permission = 'granted';
      static requestPermission(): Promise<string> {
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
    }
    Object.assign(window, { Notification: RecordingNotification, shownNotifications: shown });
  });
  await page.reload();
  await expect(page.getByTestId('toggle-mute')).toBeEnabled();

  const listed = await server.core.request('incidents.list', { state: 'open' });
  const incidents = listed.ok ? channels['incidents.list'].response.parse(listed.data).filter((i) => i.kind === 'site') : [];
  const [first, second] = incidents;
  if (!first || !second) throw new Error('The demo fleet should have at least two open site incidents');
  const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: { title: string }[] }).shownNotifications.map((n) => n.title));

  server.core.context.events.emit('incident.notify', { kind: 'site', incident: first });
  await expect(page.getByTestId('toast').filter({ hasText: first.siteName })).toBeVisible();
  await expect.poll(shown).toEqual([expect.stringContaining(first.siteName)]);

  await page.getByTestId('toggle-mute').click();
  await expect(page.getByTestId('toggle-mute')).toHaveAttribute('aria-pressed', 'true');
  server.core.context.events.emit('incident.notify', { kind: 'site', incident: second });
  await page.getByTestId('toggle-mute').click();
  await expect(page.getByTestId('toggle-mute')).toHaveAttribute('aria-pressed', 'false');
  // Alerts are handled in order, so once this one shows, the muted one has been dropped.
  server.core.context.events.emit('incident.notify', { kind: 'site', incident: first });
  await expect.poll(shown).toHaveLength(2);
  expect((await shown()).filter((t) => t.includes(second.siteName))).toEqual([]);
  await expect(page.getByTestId('toast').filter({ hasText: second.siteName })).toHaveCount(0);
});
