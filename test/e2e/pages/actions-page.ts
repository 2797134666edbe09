import { expect, type Locator, type Page } from '@playwright/test';

/** The action dialog: pick an action, read the preview, confirm. */
export class ActionDialogPage {
  readonly page: Page;
  readonly root: Locator;
  readonly preview: Locator;
  readonly verb: Locator;
  readonly siteCount: Locator;
  readonly waiting: Locator;
  readonly skipped: Locator;
  readonly run: Locator;
  readonly confirmField: Locator;
  readonly startError: Locator;
  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('action-dialog');
    this.preview = this.root.getByTestId('action-preview');
    this.verb = this.root.getByTestId('action-verb');
    this.siteCount = this.root.getByTestId('action-site-count');
    this.waiting = this.root.getByTestId('action-waiting');
    this.skipped = this.root.getByTestId('action-skipped');
    this.run = this.root.getByTestId('action-run');
    this.confirmField = this.root.getByTestId('action-field-confirmCount');
    this.startError = this.root.getByTestId('action-start-error');
  }
  async choose(kind: 'restart' | 'resync' | 'diag'): Promise<void> {
    await this.root.getByTestId(`action-kind-${kind}`).check();
  }
  async dataset(d: string): Promise<void> {
    await this.root.getByTestId('action-dataset').selectOption(d);
  }
  async pacing(p: { concurrency?: number; waveSize?: number; wavePauseS?: number }): Promise<void> {
    for (const [k, v] of Object.entries(p)) await this.root.getByTestId(`action-field-${k}`).fill(String(v));
  }
  /** Waits for the preview of the current choice (the site count carries it). */
  async expectSites(n: number): Promise<void> {
    await expect(this.siteCount).toHaveAttribute('data-count', String(n));
  }
  async start(): Promise<void> {
    await expect(this.run).toBeEnabled();
    await this.run.click();
    await expect(this.root).toBeHidden();
  }
}

/** One run: progress, groups by outcome, each site's row, Cancel. */
export class RunPage {
  readonly page: Page;
  readonly root: Locator;
  readonly state: Locator;
  readonly progress: Locator;
  readonly cancel: Locator;
  readonly cancelDialog: Locator;
  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('run-view');
    this.state = page.getByTestId('run-state');
    this.progress = page.getByTestId('run-progress');
    this.cancel = page.getByTestId('run-cancel');
    this.cancelDialog = page.getByTestId('run-cancel-dialog');
  }
  /** The run id from the URL (#/run/12). */
  async runId(): Promise<number> {
    await expect(this.page).toHaveURL(/#\/run\/\d+$/);
    await expect(this.root).toBeVisible();
    return Number(/#\/run\/(\d+)$/.exec(this.page.url())?.[1]);
  }
  group(state: string): Locator {
    return this.page.getByTestId(`run-group-${state}`);
  }
  site(siteId: number): Locator {
    return this.root.getByTestId(`run-action-${siteId}`);
  }
  async cancelRest(): Promise<void> {
    await this.cancel.click();
    await expect(this.cancelDialog).toBeVisible();
    await this.page.getByTestId('run-cancel-dialog-confirm').click();
  }
}

/** The Actions view: recent runs and the queue of waiting actions. */
export class ActionsViewPage {
  readonly page: Page;
  readonly root: Locator;
  readonly queue: Locator;
  readonly runs: Locator;
  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('actions-view');
    this.queue = page.getByTestId('actions-queue');
    this.runs = page.getByTestId('actions-runs');
  }
  async open(): Promise<void> {
    await this.page.getByTestId('nav-actions').click();
    await expect(this.root).toBeVisible();
  }
  queuedFor(siteId: number): Locator {
    return this.queue.locator(`tr[data-site-id="${siteId}"]`);
  }
  run(runId: number): Locator {
    return this.runs.getByTestId(`runs-row-${runId}`);
  }
}
