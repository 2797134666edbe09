import { expect, type Locator, type Page } from '@playwright/test';

/** Sites → Academy conversions: upload the GIAS files, choose pairs, carry them over. */
export class ConversionsPage {
  readonly page: Page;
  readonly pairs: Locator;
  readonly done: Locator;
  constructor(page: Page) {
    this.page = page;
    this.pairs = page.getByTestId('conv-pairs');
    this.done = page.getByTestId('conv-done');
  }
  /** From the Sites view, as a person would get there. */
  async openFromSites(baseUrl: string): Promise<void> {
    await this.page.goto(new URL('#/sites', baseUrl).href);
    await this.page.getByTestId('open-conversions').click();
    await expect(this.page.getByRole('heading', { name: 'Academy conversions', level: 2 })).toBeVisible();
  }
  pair(predecessorUrn: number): Locator {
    return this.page.getByTestId(`conv-pair-${predecessorUrn}`);
  }
  async find(extractPath: string, linksPath?: string): Promise<void> {
    await this.page.getByLabel('GIAS establishment extract (CSV)').setInputFiles(extractPath);
    if (linksPath) await this.page.getByLabel('GIAS links file (optional)').setInputFiles(linksPath);
    await this.page.getByTestId('conv-find').click();
  }
  async confirm(): Promise<void> {
    await this.page.getByTestId('conv-confirm').click();
  }
}
