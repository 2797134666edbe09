import type { Locator, Page } from '@playwright/test';

export type SectionId = 'polling' | 'calendar' | 'correlation' | 'map' | 'actions' | 'retention' | 'credential' | 'maintenance';

/** The Settings view: locators and steps, so specs read as what a person does. */
export class SettingsPage {
  readonly page: Page;
  readonly root: Locator;
  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('settings');
  }
  /** Opens the view through its route, as the shell's navigation does. */
  async open(baseUrl: string): Promise<void> {
    await this.page.goto(new URL('#/settings', baseUrl).href);
    await this.root.waitFor();
    await this.page.getByTestId('section-retention').waitFor();
  }
  field(name: string): Locator {
    return this.root.getByTestId(`field-${name}`);
  }
  fieldError(name: string): Locator {
    return this.root.getByTestId(`error-${name}`);
  }
  /** The "saved" line of a form (role=status). */
  saved(section: SectionId): Locator {
    return this.root.getByTestId(`status-${section}`);
  }
  /** The error line of a form (role=alert). */
  failed(section: SectionId): Locator {
    return this.root.getByTestId(`alert-${section}`);
  }
  async save(section: SectionId): Promise<void> {
    await this.root.getByTestId(`save-${section}`).click();
  }
  async addTerm(term: { name: string; start: string; end: string }): Promise<void> {
    const i = await this.root.locator('[data-testid^="term-row-"]').count();
    await this.root.getByTestId('add-term').click();
    await this.field(`terms.${i}.name`).fill(term.name);
    await this.field(`terms.${i}.start`).fill(term.start);
    await this.field(`terms.${i}.end`).fill(term.end);
  }
  async saveKey(key: { name?: string; privateKey: string; passphrase?: string }): Promise<void> {
    if (key.name !== undefined) await this.field('name').fill(key.name);
    await this.field('privateKey').fill(key.privateKey);
    await this.field('passphrase').fill(key.passphrase ?? '');
    await this.save('credential');
  }
  credential(name: string): Locator {
    return this.root.getByTestId(`credential-${name}`);
  }
  publicKey(name: string): Locator {
    return this.root.getByTestId(`public-key-${name}`);
  }
}
