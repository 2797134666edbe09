import type { Locator, Page } from '@playwright/test';

/** "Rotate key…" from the fleet table's selection: the dialog and the rotation view. */
export class RotationPage {
  readonly page: Page;
  readonly rotateSelected: Locator;
  readonly dialog: Locator;
  readonly newKey: Locator;
  readonly oldKey: Locator;
  readonly preview: Locator;
  readonly readyCount: Locator;
  readonly cannot: Locator;
  readonly start: Locator;
  readonly view: Locator;
  readonly sites: Locator;

  constructor(page: Page) {
    this.page = page;
    this.rotateSelected = page.getByTestId('rotate-key-selected');
    this.dialog = page.getByTestId('rotate-key-dialog');
    this.newKey = this.dialog.getByTestId('rotate-new');
    this.oldKey = this.dialog.getByTestId('rotate-old');
    this.preview = this.dialog.getByTestId('rotate-preview');
    this.readyCount = this.dialog.getByTestId('rotate-ready-count');
    this.cannot = this.dialog.getByTestId('rotate-cannot');
    this.start = this.dialog.getByTestId('rotate-start');
    this.view = page.getByTestId('rotation-view');
    this.sites = page.getByTestId('rotation-sites');
  }

  /** Ticks a site's row in the table, found by filtering on its name (the table draws only the rows in view). */
  async select(name: string): Promise<void> {
    await this.page.getByTestId('filter-text').fill(name);
    await this.page.getByLabel(`Select ${name}`, { exact: true }).check();
    await this.page.getByTestId('filter-text').fill('');
  }

  site(siteId: number): Locator {
    return this.page.getByTestId(`rotation-site-${siteId}`);
  }
}
