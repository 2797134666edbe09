// The fleet map under a person's hands: drags and wheel zooms for a few seconds while the
// page counts the frames it manages to paint. Offline, tiles fail and the background is
// plain; the markers and clusters are what cost.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { FrameReport } from './page-probes.ts';
import { SELECTORS } from './selectors.ts';

export interface MapReport extends FrameReport {
  fps: number;
  /** Frames per second with the map standing still: what this browser and machine manage at best. */
  idleFps: number;
  /** requestAnimationFrame callbacks per second, extra input-driven ones included. */
  rawFps: number;
  gestures: number;
  markers: number;
}

const DRIVE_MS = 3_000;
const MAX_GESTURES = 400;
const VSYNC_MS = 1000 / 60;

const rate = (r: FrameReport | undefined) => (r && r.elapsedMs > 0 ? (r.frames * 1000) / r.elapsedMs : 0);

/**
 * Frames per second as a 60 Hz screen would show them: the refresh intervals in which at
 * least one new frame was ready. Headless Chromium runs extra requestAnimationFrame
 * callbacks when input arrives, so a raw count can pass 60 and hide the gaps between bursts.
 */
export function presentedFps(r: FrameReport | undefined): number {
  if (!r || r.elapsedMs <= 0) return 0;
  const slots = new Set<number>();
  // Frames a refresh apart land mid-slot, so a little jitter never merges or skips one.
  let t = VSYNC_MS / 2;
  for (const gap of r.frameMs) {
    t += gap;
    slots.add(Math.floor(t / VSYNC_MS));
  }
  return Math.min(1000 / VSYNC_MS, (slots.size * 1000) / r.elapsedMs);
}

export async function mapFps(page: Page, baseUrl: string): Promise<MapReport> {
  await page.goto(new URL('#/map', baseUrl).href);
  const map = page.locator(SELECTORS.map).first();
  await map.waitFor({ timeout: 30_000 });
  await page.locator(SELECTORS.mapMarker).first().waitFor({ timeout: 30_000 });
  await sleep(1_000);
  const markers = await page.locator(SELECTORS.mapMarker).count();
  const box = await map.boundingBox();
  if (!box) throw new Error('the map has no size on screen');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const reach = Math.min(box.width, box.height) / 4;

  await page.mouse.move(cx, cy);
  await page.evaluate(() => window.__uiBench?.startFrames());
  await sleep(1_000);
  const idle = await page.evaluate(() => window.__uiBench?.stopFrames());
  await page.evaluate(() => window.__uiBench?.startFrames());
  const end = performance.now() + DRIVE_MS;
  let gestures = 0;
  // Alternate: a drag one way, a zoom in, a drag back, a zoom out; the view ends where it began.
  while (performance.now() < end && gestures < MAX_GESTURES) {
    const dir = gestures % 4 < 2 ? 1 : -1;
    if (gestures % 2 === 0) {
      await page.mouse.down();
      await page.mouse.move(cx + dir * reach, cy + (dir * reach) / 2, { steps: 12 });
      await page.mouse.up();
      await page.mouse.move(cx, cy);
    } else {
      await page.mouse.wheel(0, dir * -240);
      await sleep(120);
    }
    gestures += 1;
  }
  const report = await page.evaluate(() => window.__uiBench?.stopFrames());
  if (!report) throw new Error('bench probes missing');
  return { ...report, fps: presentedFps(report), idleFps: presentedFps(idle), rawFps: rate(report), gestures, markers };
}
