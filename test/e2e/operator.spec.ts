import { axe, seriousFindings } from './a11y.ts';
import { expect, test } from './fixtures.ts';
import { OperatorPage } from './pages/operator-page.ts';

test('browser mode asks who is using the console once per session, refuses a bad name, and acts for that person', async ({ browser, server }) => {
  const latestActor = async () => (await server.core.context.audit.recent(1))[0]?.actor;
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.loginUrl);
    const who = new OperatorPage(page);
    await expect(who.step).toBeVisible();
    await expect(page.getByTestId('app-ready')).toHaveCount(0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousFindings(axe(page), colorScheme)).toEqual([]);
    }

    await who.input.fill(' S ');
    await who.submit.click();
    await expect(who.error).toHaveText('A name is at least 2 characters');
    await who.input.fill('Sam\u202ePatel');
    await who.submit.click();
    await expect(who.error).toContainText('Text direction characters');
    await expect(who.step).toBeVisible();

    await who.nameAs('  Priya Shah ');
    await page.getByTestId('toggle-mute').click();
    await expect.poll(latestActor).toBe('Priya Shah');

    // The session remembers the name across a reload.
    await page.reload();
    await expect(who.headerName).toHaveText('Priya Shah');
    await expect(who.step).toHaveCount(0);

    // "Not you? Change" reconnects under the new name; the next change is theirs.
    await who.changeTo('Alex Jones');
    await page.getByTestId('toggle-mute').click();
    await expect.poll(latestActor).toBe('Alex Jones');
    expect((await server.core.context.audit.recent(2)).map((e) => e.actor)).toEqual(['Alex Jones', 'Priya Shah']);
  } finally {
    await context.close();
  }

  // Another browser session is asked again.
  const otherContext = await browser.newContext();
  try {
    const other = await otherContext.newPage();
    await other.goto(server.loginUrl);
    await expect(new OperatorPage(other).step).toBeVisible();
  } finally {
    await otherContext.close();
  }
});
