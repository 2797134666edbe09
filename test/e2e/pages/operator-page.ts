import { expect, type Locator, type Page } from '@playwright/test';

/** Browser mode's "Who is using the console?" step, and the header's "Not you? Change". */
export class OperatorPage {
  readonly page: Page;
  readonly step: Locator;
  readonly input: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly headerName: Locator;
  readonly change: Locator;
  readonly dialog: Locator;

  constructor(page: Page) {
    this.page = page;
    this.step = page.getByTestId('operator-step');
    this.input = page.getByTestId('operator-name-input');
    this.submit = page.getByTestId('operator-name-submit');
    this.error = page.getByTestId('operator-name-error');
    this.headerName = page.getByTestId('header-operator-name');
    this.change = page.getByTestId('operator-change');
    this.dialog = page.getByTestId('operator-dialog');
  }

  /** Answers the start step and waits for the console to be up under that name. */
  async nameAs(name: string): Promise<void> {
    await expect(this.step).toBeVisible();
    await this.input.fill(name);
    await this.submit.click();
    await expect(this.page.getByTestId('app-ready')).toBeVisible();
    await expect(this.headerName).toHaveText(name.trim());
  }

  async changeTo(name: string): Promise<void> {
    await this.change.click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId('operator-name-input').fill(name);
    await this.dialog.getByTestId('operator-name-submit').click();
    await expect(this.dialog).toBeHidden();
    await expect(this.headerName).toHaveText(name);
  }
}
