import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/core/core.ts';
import { axe, seriousFindings } from './a11y.ts';
import { expect, OPERATOR, test } from './fixtures.ts';
import { AuditPage } from './pages/audit-page.ts';
import { OperatorPage } from './pages/operator-page.ts';
import { SettingsPage } from './pages/settings-page.ts';
import { SitesPage } from './pages/sites-page.ts';

const SITE = { urn: '141885', name: 'Birchwood Academy', host: '127.0.0.1', port: '2222', user: 'b2b' };

test('changes made in the console are audited under the session operator; filter, export, verify, and a tampered entry is named', async ({ page, server, dataDir }) => {
  // Three audited changes through the UI as Sam Patel, then one as Alex Jones.
  const sites = new SitesPage(page);
  await sites.open(server.url);
  await sites.addSite(SITE);
  await expect(sites.row(SITE.urn)).toContainText(SITE.name);
  const settings = new SettingsPage(page);
  await settings.open(server.url);
  await settings.field('pollIntervalS').fill('600');
  await settings.save('polling');
  await expect(settings.saved('polling')).toContainText('Saved');
  await page.getByTestId('toggle-mute').click();
  await expect(page.getByTestId('toggle-mute')).toHaveAttribute('aria-pressed', 'true');
  await new OperatorPage(page).changeTo('Alex Jones');
  await page.getByTestId('toggle-mute').click();
  await expect(page.getByTestId('toggle-mute')).toHaveAttribute('aria-pressed', 'false');

  const audit = new AuditPage(page);
  await audit.open();
  await expect(audit.rows).toHaveCount(4);
  await expect.poll(() => audit.summary()).toEqual(['Alex Jones alerts.unmute', `${OPERATOR} alerts.mute`, `${OPERATOR} settings.update`, `${OPERATOR} site.create`]);
  const siteId = (await server.core.context.sites.list())[0]?.id ?? 0;
  await expect(audit.row(1).getByRole('link', { name: SITE.name })).toHaveAttribute('href', `#/site/${siteId}`);
  await audit.row(2).getByRole('button', { name: /Detail/ }).click();
  await expect(page.getByTestId('audit-detail-2')).toContainText('"pollIntervalS": 600');

  await audit.filter({ actor: OPERATOR });
  await expect.poll(() => audit.summary()).toEqual([`${OPERATOR} alerts.mute`, `${OPERATOR} settings.update`, `${OPERATOR} site.create`]);
  await audit.filter({ action: 'site.create' });
  await expect.poll(() => audit.summary()).toEqual([`${OPERATOR} site.create`]);

  // The export holds what the filters show, oldest first, then the whole trail's checkpoint.
  await audit.filter({ actor: OPERATOR });
  await expect(audit.rows).toHaveCount(3);
  const csv = (await audit.exportCsv()).trimEnd().split(/\r?\n/);
  const head = (await server.core.context.auditTrail.verify()).headHash ?? '';
  expect(csv[0]).toBe('id,at,actor,action,site_id,target,outcome,detail,prev_hash,hash');
  expect(csv.slice(1, -1).map((line) => line.split(',').slice(2, 4).join(' '))).toEqual([`${OPERATOR} site.create`, `${OPERATOR} settings.update`, `${OPERATOR} alerts.mute`]);
  expect(csv.at(-1)).toBe(`checkpoint,4,${head}`);
  await expect(audit.checkpoint).toContainText(`Checkpoint: 4 entries, head ${head}`);

  await audit.verify();
  await expect(audit.verifyResult).toHaveText(`Intact: 4 entries, head ${head.slice(0, 12)}`);
  await expect(audit.verifyResult).toHaveAttribute('role', 'status');

  // Someone with the database file rewrites who made the settings change.
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  try {
    db.exec('DROP TRIGGER audit_log_no_rewrite');
    db.prepare("UPDATE audit_log SET actor = 'Mallory' WHERE id = 2").run();
  } finally {
    db.close();
  }
  await audit.verify();
  await expect(audit.verifyResult).toHaveAttribute('role', 'alert');
  await expect(audit.verifyResult).toContainText('Tampered: entry #2 — its content does not match its hash');
  // The entry is not among those shown (the filter says Sam Patel): showing it opens the trail there.
  await audit.filter({ action: 'site.create' });
  await expect(audit.rows).toHaveCount(1);
  await audit.showBad.click();
  await expect(audit.row(2)).toBeFocused();
  await expect(audit.row(2)).toContainText('Mallory');
  await expect(audit.row(2)).toHaveClass(/au-highlight/);

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousFindings(axe(page), colorScheme)).toEqual([]);
  }
});

test('the audit trail pages back with "Older entries"', async ({ page, server }) => {
  for (let i = 0; i < 105; i++) await server.core.request('alerts.mute', { muted: i % 2 === 0 }, { actor: 'Priya Shah' });
  const audit = new AuditPage(page);
  await audit.open();
  await expect(audit.rows).toHaveCount(100);
  await expect(audit.rows.first()).toHaveAttribute('data-testid', 'audit-row-105');
  await page.getByTestId('audit-older').click();
  await expect(audit.rows).toHaveCount(105);
  await expect(audit.rows.last()).toHaveAttribute('data-testid', 'audit-row-1');
  await expect(page.getByTestId('audit-older')).toHaveCount(0);
});
