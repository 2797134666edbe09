import type { Download, Locator, Page } from '@playwright/test';

/** The host inventory panel in the Sites view and the bulk edit dialog of the fleet table. */
export class InventoryPage {
  readonly page: Page;
  readonly panel: Locator;
  readonly preview: Locator;
  readonly message: Locator;
  readonly apply: Locator;
  readonly fixFirst: Locator;
  readonly bulk: Locator;
  constructor(page: Page) {
    this.page = page;
    this.panel = page.getByTestId('inventory');
    this.preview = page.getByTestId('inventory-preview');
    this.message = page.getByTestId('inventory-message');
    this.apply = page.getByTestId('inventory-apply');
    this.fixFirst = page.getByTestId('inventory-fix-first');
    this.bulk = page.getByTestId('bulk-edit');
  }
  async exportCsv(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('inventory-export').click();
    return download;
  }
  async importCsv(name: string, text: string): Promise<void> {
    await this.page.getByTestId('inventory-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  }
  line(n: number): Locator {
    return this.page.getByTestId(`inventory-line-${n}`);
  }
  async bulkEdit(fields: { addTags?: string; removeTags?: string; port?: string; area?: string }): Promise<void> {
    await this.page.getByTestId('bulk-edit-open').click();
    for (const [k, v] of Object.entries(fields)) await this.bulk.getByTestId(`bulk-${k}`).fill(v);
    await this.bulk.getByTestId('bulk-confirm').click();
  }
}
