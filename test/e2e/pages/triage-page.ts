import { expect, type Locator, type Page } from '@playwright/test';

/** The triage queue and its keyboard: rows by URN, the selected row, the name dialog. */
export class TriagePage {
  readonly page: Page;
  readonly list: Locator;
  readonly rows: Locator;
  readonly selected: Locator;
  readonly search: Locator;
  readonly dialog: Locator;
  readonly dialogInput: Locator;

  constructor(page: Page) {
    this.page = page;
    this.list = page.getByTestId('triage-list');
    this.rows = this.list.locator(':scope > li');
    this.selected = this.list.locator(':scope > li[aria-current="true"]');
    this.search = page.getByTestId('triage-search');
    this.dialog = page.getByTestId('text-dialog');
    this.dialogInput = page.getByTestId('text-dialog-input');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-triage').click();
    await expect(this.list).toBeVisible();
  }
  row(urn: number): Locator {
    return this.page.getByTestId(`triage-row-${urn}`);
  }
  /** The URN of the n-th row (site rows carry it in their test id). */
  async urnAt(index: number): Promise<number> {
    const id = await this.rows.nth(index).getAttribute('data-testid');
    const urn = /^triage-row-(\d+)$/.exec(id ?? '')?.[1];
    if (!urn) throw new Error(`Row ${index} is not a site row (${id ?? 'none'})`);
    return Number(urn);
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
  async answerDialog(text: string): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await this.dialogInput.fill(text);
    await this.dialogInput.press('Enter');
    await expect(this.dialog).toBeHidden();
  }
}
