// The table view: how soon it is usable after opening, and how fast a search keystroke
// shows its result.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { BenchState, KeySample } from './page-probes.ts';
import { SELECTORS } from './selectors.ts';

const LOAD_TIMEOUT_MS = 30_000;

export interface LoadSample {
  /** First rows painted. */
  rowsMs: number;
  /** Rows painted and the main thread free to take input. */
  interactiveMs: number;
  /** Long tasks (> 50 ms) before the view was interactive. */
  longTasks: number;
  /** Rows the table holds, to check the whole fleet arrived. */
  total: number | null;
}

type Snapshot = Pick<BenchState, 'rowsAt' | 'responsiveAt' | 'armedAt' | 'longTasks'>;

async function waitInteractive(page: Page): Promise<Snapshot> {
  await page.waitForFunction(() => window.__uiBench?.responsiveAt != null, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
  return page.evaluate(() => {
    const s = window.__uiBench;
    if (!s) throw new Error('bench probes missing');
    return { rowsAt: s.rowsAt, responsiveAt: s.responsiveAt, armedAt: s.armedAt, longTasks: s.longTasks };
  });
}

async function tableTotal(page: Page): Promise<number | null> {
  const raw = await page.locator(SELECTORS.table).first().getAttribute('data-total', { timeout: 5_000 }).catch(() => null);
  return raw === null ? null : Number(raw);
}

/** A fresh document opened on the table route: bundle, connection, snapshot and first render. */
export async function coldLoad(page: Page, baseUrl: string): Promise<LoadSample> {
  await page.goto('about:blank');
  await page.goto(new URL('#/table', baseUrl).href);
  const s = await waitInteractive(page);
  const interactive = s.responsiveAt ?? Number.NaN;
  return {
    rowsMs: s.rowsAt ?? Number.NaN,
    interactiveMs: interactive,
    longTasks: s.longTasks.filter((t) => t.start < interactive).length,
    total: await tableTotal(page),
  };
}

/** From another view (Settings) to the table inside the running app, data already loaded. */
export async function warmSwitch(page: Page, baseUrl: string): Promise<LoadSample> {
  await page.goto(new URL('#/settings', baseUrl).href);
  await page.locator(SELECTORS.settings).waitFor({ timeout: LOAD_TIMEOUT_MS });
  await sleep(300);
  const t0 = await page.evaluate(() => {
    const s = window.__uiBench;
    if (!s) throw new Error('bench probes missing');
    s.arm();
    const t = performance.now();
    location.hash = '#/table';
    return t;
  });
  const s = await waitInteractive(page);
  const interactive = (s.responsiveAt ?? Number.NaN) - t0;
  return {
    rowsMs: (s.rowsAt ?? Number.NaN) - t0,
    interactiveMs: interactive,
    longTasks: s.longTasks.filter((t) => t.start >= t0 && t.start < t0 + interactive).length,
    total: await tableTotal(page),
  };
}

/**
 * Types the plan into the search box one key at a time, each after the last one's result
 * has painted and a short pause, as a person typing quickly would.
 */
export async function typeKeys(page: Page, keys: readonly string[]): Promise<KeySample[]> {
  const search = page.locator(SELECTORS.search).first();
  await search.click();
  if ((await search.inputValue()) !== '') {
    await search.fill('');
    // Clearing is a keystroke too: let its sample (or its timeout) land before counting.
    await sleep(1_600);
  }
  await sleep(300);
  const start = await page.evaluate(() => window.__uiBench?.keys.length ?? 0);
  for (const [i, key] of keys.entries()) {
    await page.keyboard.press(key);
    await page.waitForFunction((n) => (window.__uiBench?.keys.length ?? 0) >= n, start + i + 1, { timeout: 5_000, polling: 10 });
    await sleep(80);
  }
  return page.evaluate((from) => window.__uiBench?.keys.slice(from) ?? [], start);
}
