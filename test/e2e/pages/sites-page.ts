import { expect, type Locator, type Page } from '@playwright/test';

export interface SiteFormData {
  urn?: string;
  name?: string;
  host?: string;
  port?: string;
  user?: string;
  typeGroup?: string;
  laestab?: string;
  tags?: string;
  latitude?: string;
  longitude?: string;
}

/** The Sites view: locators and steps, so specs read as what a person does. */
export class SitesPage {
  readonly page: Page;
  readonly table: Locator;
  readonly form: Locator;
  constructor(page: Page) {
    this.page = page;
    this.table = page.getByTestId('sites-table');
    this.form = page.getByTestId('site-form');
  }
  /** The console opens on its first-run or triage screen; the register is one route away. */
  async open(baseUrl: string): Promise<void> {
    await this.page.goto(new URL('#/sites', baseUrl).href);
    await expect(this.page.getByRole('heading', { name: 'Sites', level: 2 })).toBeVisible();
  }
  row(urn: number | string): Locator {
    return this.page.getByTestId(`site-row-${urn}`);
  }
  fieldError(field: string): Locator {
    return this.page.getByTestId(`error-${field}`);
  }
  async openAddForm(): Promise<void> {
    await this.page.getByTestId('add-site').click();
  }
  async fill(data: SiteFormData): Promise<void> {
    for (const [field, value] of Object.entries(data) as [string, string | undefined][]) {
      if (value !== undefined) await this.page.getByTestId(`field-${field}`).fill(value);
    }
  }
  async save(): Promise<void> {
    await this.page.getByTestId('save-site').click();
  }
  async addSite(data: SiteFormData): Promise<void> {
    await this.openAddForm();
    await this.fill(data);
    await this.save();
  }
}
