import { expect, type Locator, type Page } from '@playwright/test';

/** The Host keys view: locators and steps, so specs read as what a person does. */
export class HostKeysPage {
  readonly page: Page;
  readonly view: Locator;
  readonly rows: Locator;
  readonly dialog: Locator;
  readonly outcomes: Locator;
  readonly navCount: Locator;

  constructor(page: Page) {
    this.page = page;
    this.view = page.getByTestId('hostkeys-view');
    this.rows = page.getByTestId('hostkeys-row');
    this.dialog = page.getByTestId('hostkeys-dialog');
    this.outcomes = page.getByTestId('hostkeys-outcomes');
    this.navCount = page.getByTestId('nav-host-keys-count');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-host-keys').click();
    await expect(this.view).toBeVisible();
  }

  row(siteId: number): Locator {
    return this.page.locator(`[data-testid="hostkeys-row"][data-site-id="${siteId}"]`);
  }

  async select(...siteIds: number[]): Promise<void> {
    for (const id of siteIds) await this.row(id).getByTestId('hostkeys-select').check();
  }

  async filter(kind: 'all' | 'first-seen' | 'changed'): Promise<void> {
    await this.page.getByTestId(`hostkeys-filter-${kind}`).check();
  }

  async checkKnownHosts(text: string): Promise<void> {
    await this.page.getByTestId('hostkeys-known-hosts-file').setInputFiles({ name: 'known_hosts', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect(this.page.getByTestId('hostkeys-known-hosts-result')).toBeVisible();
  }

  verdict(siteId: number): Locator {
    return this.row(siteId).getByTestId('hostkeys-kh');
  }

  /** Opens the dialog with `button`, checks it, confirms, and waits for the outcome line. */
  async decide(button: 'hostkeys-approve' | 'hostkeys-reject' | 'hostkeys-approve-matching', expectTitle: string | RegExp, outcome: string | RegExp): Promise<void> {
    await this.page.getByTestId(button).click();
    await expect(this.dialog).toBeVisible();
    await expect(this.dialog.getByRole('heading')).toHaveText(expectTitle);
    await this.page.getByTestId('hostkeys-dialog-confirm').click();
    await expect(this.dialog).toBeHidden();
    await expect(this.outcomes).toContainText(outcome);
  }
}
