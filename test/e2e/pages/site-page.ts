import { expect, type Locator, type Page } from '@playwright/test';
import type { Dataset } from '../../../shared/protocol/v1.ts';

/** The site detail view: locators and steps, so specs read as what an engineer does. */
export class SitePage {
  readonly page: Page;
  readonly root: Locator;
  readonly name: Locator;
  readonly verdict: Locator;
  readonly reasons: Locator;
  readonly timelineSummary: Locator;
  readonly logLines: Locator;
  readonly logError: Locator;
  readonly incidents: Locator;
  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('site-detail');
    this.name = page.getByTestId('site-name');
    this.verdict = page.getByTestId('site-verdict');
    this.reasons = page.getByTestId('site-reasons');
    this.timelineSummary = page.getByTestId('timeline-summary');
    this.logLines = page.getByTestId('log-lines');
    this.logError = page.getByTestId('log-error');
    this.incidents = page.getByTestId('site-incidents');
  }

  /** Opens #/site/<id> the way a link would, and waits until the site has loaded. */
  async open(siteId: number): Promise<void> {
    await this.page.evaluate((id) => {
      location.hash = `#/site/${id}`;
    }, siteId);
    await expect(this.root).toHaveAttribute('data-site-id', String(siteId));
    await expect(this.verdict).toBeVisible();
  }

  dataset(name: Dataset): Locator {
    return this.page.getByTestId(`dataset-${name}`);
  }

  async fetchLog(): Promise<void> {
    await this.page.getByTestId('log-fetch').click();
  }

  incident(id: number): Locator {
    return this.page.getByTestId(`incident-${id}`);
  }
}
