import { expect, type Locator, type Page } from '@playwright/test';

/** The Config view: the template list, the template editor and its version history. */
export class ConfigPage {
  readonly page: Page;
  readonly view: Locator;
  readonly editor: Locator;
  readonly note: Locator;
  readonly save: Locator;
  readonly saveError: Locator;
  readonly versions: Locator;
  readonly rollOut: Locator;

  constructor(page: Page) {
    this.page = page;
    this.view = page.getByTestId('config-view');
    this.editor = page.getByTestId('template-editor');
    this.note = this.editor.getByTestId('template-note');
    this.save = this.editor.getByTestId('template-save');
    this.saveError = this.editor.getByTestId('template-save-error');
    this.versions = this.editor.getByTestId('template-versions');
    this.rollOut = this.editor.getByTestId('template-rollout');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-config').click();
    await expect(this.view).toBeVisible();
  }
  async newTemplate(name: string): Promise<void> {
    await this.view.getByTestId('template-new').click();
    await this.editor.getByTestId('template-name').fill(name);
  }
  async choose(name: string): Promise<void> {
    await this.view.getByTestId(`template-item-${name}`).click();
    await expect(this.editor).toHaveAttribute('data-template', name);
  }
  /** A setting's input, by the path the core names it with ("endpointUrl", "schedule.attendance"). */
  field(path: string): Locator {
    return this.editor.getByTestId(`field-${path}`);
  }
  fieldError(path: string): Locator {
    return this.editor.getByTestId(`error-${path}`);
  }
  async saveWithNote(note: string): Promise<void> {
    await this.note.fill(note);
    await this.save.click();
  }
  /** Waits until the editor shows this saved version. */
  async expectVersion(v: number): Promise<void> {
    await expect(this.editor).toHaveAttribute('data-version', String(v));
  }
  version(v: number): Locator {
    return this.versions.getByTestId(`template-version-${v}`);
  }
}

/** The rollout plan dialog: choices, preview (the diff grouped), the typed count, start. */
export class RolloutPlanPage {
  readonly page: Page;
  readonly root: Locator;
  readonly preview: Locator;
  readonly groups: Locator;
  readonly confirmCount: Locator;
  readonly start: Locator;
  readonly count: Locator;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('rollout-plan');
    this.preview = this.root.getByTestId('rollout-preview');
    this.groups = this.root.getByTestId('diff-group');
    this.confirmCount = this.root.getByTestId('rollout-confirm-count');
    this.start = this.root.getByTestId('rollout-start');
    this.count = this.root.getByTestId('rollout-preview-count');
  }
  async set(p: { canary?: string; waves?: string; waitMin?: string; gateWindowMin?: string; maxFailurePct?: string }): Promise<void> {
    for (const [k, v] of Object.entries(p)) await this.root.getByTestId(`action-field-${k}`).fill(v);
  }
  /** Previews, then types the count the core asks for and starts. */
  async startAll(): Promise<number> {
    const n = Number(await this.count.getAttribute('data-count'));
    await this.confirmCount.fill(String(n));
    await this.start.click();
    await expect(this.root).toBeHidden();
    return n;
  }
}

/** One rollout: its state, controls and per-site table. */
export class RolloutPage {
  readonly page: Page;
  readonly view: Locator;
  readonly state: Locator;
  readonly sites: Locator;
  readonly pause: Locator;
  readonly resume: Locator;
  readonly abort: Locator;
  readonly approve: Locator;
  readonly reportCsv: Locator;

  constructor(page: Page) {
    this.page = page;
    this.view = page.getByTestId('rollout-view');
    this.state = page.getByTestId('rollout-state');
    this.sites = page.getByTestId('rollout-sites');
    this.pause = page.getByTestId('rollout-pause');
    this.resume = page.getByTestId('rollout-resume');
    this.abort = page.getByTestId('rollout-abort');
    this.approve = page.getByTestId('rollout-approve');
    this.reportCsv = page.getByTestId('rollout-report-csv');
  }
  async id(): Promise<number> {
    await expect(this.view).toBeVisible();
    return Number(await this.view.getAttribute('data-rollout-id'));
  }
}
