import fs from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

/** The Audit view: locators and steps, so specs read as what a person does. */
export class AuditPage {
  readonly page: Page;
  readonly view: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly verifyResult: Locator;
  readonly checkpoint: Locator;
  readonly showBad: Locator;

  constructor(page: Page) {
    this.page = page;
    this.view = page.getByTestId('audit-view');
    this.table = page.getByTestId('audit-table');
    this.rows = this.table.locator('tbody tr[data-testid^="audit-row-"]');
    this.verifyResult = page.getByTestId('audit-verify-result');
    this.checkpoint = page.getByTestId('audit-checkpoint');
    this.showBad = page.getByTestId('audit-show-bad');
  }

  /** Through the navigation, as a person would. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-audit').click();
    await expect(this.view).toBeVisible();
  }
  row(id: number): Locator {
    return this.page.getByTestId(`audit-row-${id}`);
  }
  /** Each shown row as "actor action", newest first. */
  async summary(): Promise<string[]> {
    return this.rows.evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('[data-testid="audit-actor"]')?.textContent ?? ''} ${tr.querySelector('[data-testid="audit-action"]')?.textContent ?? ''}`));
  }
  async filter(f: { actor?: string; action?: string }): Promise<void> {
    await this.page.getByTestId('audit-filter-actor').fill(f.actor ?? '');
    await this.page.getByTestId('audit-filter-action').fill(f.action ?? '');
    await this.page.getByTestId('audit-apply').click();
  }
  async refresh(): Promise<void> {
    await this.page.getByTestId('audit-refresh').click();
  }
  async verify(): Promise<void> {
    await this.page.getByTestId('audit-verify').click();
  }
  /** Clicks Export CSV and returns the downloaded file's text. */
  async exportCsv(): Promise<string> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('audit-export-csv').click();
    const file = await (await download).path();
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  }
}
