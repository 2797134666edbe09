import { expect, type Locator, type Page } from '@playwright/test';

/** The Sites view's "Import from GIAS" dialog. */
export class GiasImportPage {
  readonly page: Page;
  readonly dialog: Locator;
  constructor(page: Page) {
    this.page = page;
    this.dialog = page.getByTestId('gias-dialog');
  }
  async open(): Promise<void> {
    await this.page.getByTestId('import-gias').click();
    await expect(this.dialog).toBeVisible();
  }
  /** Picks the file (the same <input type=file> the desktop's native picker fills) and previews it. */
  async preview(name: string, bytes: Buffer): Promise<void> {
    await this.dialog.getByTestId('gias-file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
    await this.dialog.getByTestId('gias-preview-button').click();
    await expect(this.dialog.getByTestId('gias-preview')).toBeVisible();
  }
  count(which: 'created' | 'changed' | 'unchanged' | 'skipped' | 'invalid'): Locator {
    return this.dialog.getByTestId(`gias-count-${which}`);
  }
  async apply(): Promise<void> {
    await this.dialog.getByTestId('gias-apply').click();
    await expect(this.dialog.getByTestId('gias-done')).toBeVisible();
    await this.dialog.getByTestId('gias-close').click();
    await expect(this.dialog).toBeHidden();
  }
}
