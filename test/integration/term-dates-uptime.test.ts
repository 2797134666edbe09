// Uptime over a half-term week, over real SSH to a simulated school that (like a real one)
// sends nothing in half-term: counted as downtime without term dates, and not once the LA's
// term dates are imported. Reports count returns made only (there is no "expected returns"
// figure), so the verdicts are what decide whether a half-term is held against a school.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fromLocal } from '../../shared/health/calendar.ts';
import type { UptimeReportView } from '../../shared/reports.ts';
import type { TermImportPreview } from '../../shared/term-import.ts';
import { startSimCore, type SimCore } from '../helpers/sim-core.ts';

const ICS = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/term-dates-2026-27.ics'));
const SUNDAY = fromLocal('2026-10-25', 12 * 60);
const FRIDAY_EVENING = fromLocal('2026-10-30', 18 * 60);
const STEP = 3 * 3_600_000;

let sc: SimCore | null = null;
afterEach(async () => {
  await sc?.close();
  sc = null;
});

async function ok<T>(channel: string, payload: unknown): Promise<T> {
  const r = await (sc as SimCore).core.request(channel, payload, { actor: 'alice' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

/** One school's half-term week, polled every three hours; its uptime row for the week. */
async function halfTermWeek(withTermDates: boolean): Promise<UptimeReportView['sites'][number] & { verdicts: string[] }> {
  sc = await startSimCore({ sites: 1, seed: 'term-uptime', faultRate: 0, transientFailureRate: 0, speed: 0, start: SUNDAY });
  if (withTermDates) {
    const { id } = await ok<{ id: string }>('files.begin', { name: 'terms.ics', size: ICS.length });
    await ok('files.chunk', { id, offset: 0, data: ICS.toString('base64') });
    const preview = await ok<TermImportPreview>('calendar.previewImport', { uploadId: id });
    await ok('calendar.applyImport', { uploadId: id, basis: preview.basis });
  }
  const siteId = sc.idOf(sc.fleet.sites[0]?.urn ?? 0);
  const verdicts: string[] = [];
  for (let t = SUNDAY; t <= FRIDAY_EVENING; t += STEP) {
    await sc.fleet.control.setClock({ time: t });
    await sc.core.context.poller.pollNow([siteId]);
    verdicts.push(sc.core.context.poller.status(siteId).verdict);
  }
  const report = await ok<UptimeReportView>('uptime.report', { range: { from: SUNDAY, to: FRIDAY_EVENING }, siteIds: [siteId] });
  const row = report.sites.find((s) => s.siteId === siteId);
  if (!row) throw new Error('no uptime row');
  return { ...row, verdicts };
}

describe('a half-term week in the uptime report', () => {
  it('is downtime without term dates', async () => {
    const week = await halfTermWeek(false);
    expect(week.verdicts).toContain('failing');
    expect(week.secondsDown).toBeGreaterThan(0);
    expect(Object.values(week.returns).every((n) => n === 0)).toBe(true);
  }, 60_000);

  it('is not held against the school once the term dates are imported', async () => {
    const week = await halfTermWeek(true);
    expect(new Set(week.verdicts)).toEqual(new Set(['healthy']));
    expect(week.secondsDown).toBe(0);
    expect(week.uptime).toBe(1);
  }, 60_000);
});
