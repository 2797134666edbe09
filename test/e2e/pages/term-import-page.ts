import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → School calendar → "Import term dates…": choose a file, read the preview, apply. */
export class TermImportPage {
  readonly page: Page;
  readonly notice: Locator;
  readonly preview: Locator;
  readonly terms: Locator;
  readonly ignored: Locator;
  readonly changes: Locator;
  readonly status: Locator;
  constructor(page: Page) {
    this.page = page;
    this.notice = page.getByTestId('term-dates-notice');
    this.preview = page.getByTestId('term-preview');
    this.terms = page.getByTestId('term-preview-terms');
    this.ignored = page.getByTestId('term-preview-ignored');
    this.changes = page.getByTestId('term-preview-changes');
    this.status = page.getByTestId('term-import-status');
  }
  /** From the fleet view's notice to the calendar section, where the import is. */
  async followNotice(): Promise<void> {
    await this.notice.getByTestId('term-dates-notice-link').click();
    await expect(this.page.getByTestId('term-import-choose')).toBeVisible();
  }
  async choose(file: string): Promise<void> {
    await this.page.getByTestId('term-import-file').setInputFiles(file);
    await expect(this.preview).toBeVisible();
  }
  async apply(): Promise<void> {
    await this.page.getByTestId('term-import-apply').click();
    await expect(this.status).toContainText('Saved');
  }
}
