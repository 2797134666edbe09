import fs from 'node:fs/promises';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';

/** The manager's reports view. */
export class ReportsPage {
  readonly page: Page;
  readonly root: Locator;
  readonly league: Locator;
  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('reports');
    this.league = page.getByTestId('league-table');
  }

  async open(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#/reports';
    });
    await this.loaded();
  }

  /** The report is on screen and no request is in flight. */
  async loaded(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-loading', 'false');
    await expect(this.root).toHaveAttribute('data-range-from', /^\d+$/);
  }

  /** Picks a period; the spec then waits for the range it expects (see waitForRange). */
  async choosePeriod(id: string): Promise<void> {
    await this.page.getByTestId(`period-${id}`).check();
  }

  async waitForRange(from: number): Promise<void> {
    await expect(this.root).toHaveAttribute('data-range-from', String(from));
    await this.loaded();
  }

  /** The exact range the loaded figures cover, so a spec can ask the store the same question. */
  async range(): Promise<{ from: number; to: number }> {
    const from = Number(await this.root.getAttribute('data-range-from'));
    const to = Number(await this.root.getAttribute('data-range-to'));
    return { from, to };
  }

  async exportCsv(which: 'league' | 'groups'): Promise<{ download: Download; rows: string[][] }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`export-${which}`).click()]);
    const file = await download.path();
    // The export starts with a byte-order mark for Excel; CSV itself starts after it.
    const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    return { download, rows: parse(text, { relax_column_count: true }) };
  }
}
