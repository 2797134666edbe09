// The fleet map under a person's hands: drags and wheel zooms for a few seconds while the
// page counts the frames it manages to paint. Offline, tiles fail and the background is
// plain; the markers and clusters are what cost.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { FrameReport } from './page-probes.ts';
import { SELECTORS } from './selectors.ts';

export interface PhaseReport extends FrameReport {
  fps: number;
  gestures: number;
}

export interface MapReport {
  pan: PhaseReport;
  zoom: PhaseReport;
  /** Presented frames per second over both phases. */
  fps: number;
  /** requestAnimationFrame callbacks per second over both, extra input-driven ones included. */
  rawFps: number;
  /** With the map standing still: what this browser and machine manage at best. */
  idleFps: number;
  frameMs: number[];
  worstFrameMs: number;
  markers: number;
}

/** Each half of the drive: drags, then wheel zooms (zooms re-cluster the markers; drags do not). */
const PHASE_MS = 1_500;
const MAX_GESTURES = 400;
const VSYNC_MS = 1000 / 60;

/**
 * Frames per second as a 60 Hz screen would show them: the refresh intervals in which at
 * least one new frame was ready. Headless Chromium runs extra requestAnimationFrame
 * callbacks when input arrives, so a raw count can pass 60 and hide the gaps between bursts.
 */
export function presentedFps(r: FrameReport | undefined): number {
  return r && r.elapsedMs > 0 ? Math.min(1000 / VSYNC_MS, (presentedFrames(r) * 1000) / r.elapsedMs) : 0;
}

function presentedFrames(r: FrameReport): number {
  const slots = new Set<number>();
  // Frames a refresh apart land mid-slot, so a little jitter never merges or skips one.
  let t = VSYNC_MS / 2;
  for (const gap of r.frameMs) {
    t += gap;
    slots.add(Math.floor(t / VSYNC_MS));
  }
  return slots.size;
}

async function drive(page: Page, gesture: (i: number) => Promise<void>): Promise<PhaseReport> {
  await page.evaluate(() => window.__uiBench?.startFrames());
  const end = performance.now() + PHASE_MS;
  let gestures = 0;
  while (performance.now() < end && gestures < MAX_GESTURES) await gesture(gestures++);
  const report = await page.evaluate(() => window.__uiBench?.stopFrames());
  if (!report) throw new Error('bench probes missing');
  return { ...report, fps: presentedFps(report), gestures };
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
  // Each pair of gestures undoes itself, so the view ends where it began.
  const pan = await drive(page, async (i) => {
    const dir = i % 2 === 0 ? 1 : -1;
    await page.mouse.down();
    await page.mouse.move(cx + dir * reach, cy + (dir * reach) / 2, { steps: 12 });
    await page.mouse.up();
    await page.mouse.move(cx, cy);
  });
  const zoom = await drive(page, async (i) => {
    await page.mouse.wheel(0, i % 2 === 0 ? -240 : 240);
    await sleep(150);
  });
  const elapsed = pan.elapsedMs + zoom.elapsedMs;
  return {
    pan,
    zoom,
    fps: elapsed > 0 ? Math.min(60, ((presentedFrames(pan) + presentedFrames(zoom)) * 1000) / elapsed) : 0,
    rawFps: elapsed > 0 ? ((pan.frames + zoom.frames) * 1000) / elapsed : 0,
    idleFps: presentedFps(idle),
    frameMs: [...pan.frameMs, ...zoom.frameMs],
    worstFrameMs: Math.max(pan.worstFrameMs, zoom.worstFrameMs),
    markers,
  };
}
