// Issue 9, item 3: one site and one period give one figure in every view (the site page's
// timeline, its summary sentence, the uptime report and the chart series), counted from the
// site's first poll: a site added at 07:57 was never "down for 59 min" at 07:59.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import type { Sample } from '../../../electron/core/store/history-types.ts';
import { summariseTimeline } from '../../../renderer/src/views/site/timeline-model.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { SiteTimeline } from '../../../shared/fleet.ts';
import { isDown, isUp, type Verdict } from '../../../shared/health/verdict.ts';
import type { SeriesPointView as SeriesPoint, UptimeReportView as UptimeReport } from '../../../shared/reports.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const DAY = 86_400_000;
const at = (iso: string): number => Date.parse(iso);
let core: Core | null = null;

afterEach(async () => {
  await core?.close();
  core = null;
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await (core as Core).request(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.data as T;
}

/** A core on a fake clock with one site added at `addedAt`, then polled as `polls` says, as the poller records rounds. */
async function siteWithPolls(addedAt: number, polls: readonly [string, Verdict][]): Promise<{ id: number; clock: ManualClock }> {
  const clock = new ManualClock(addedAt);
  core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
  const { id } = await call<{ id: number }>('sites.create', { site: { urn: 100001, name: 'Oak Primary', host: '127.0.0.1', user: 'b2b' } });
  for (const [iso, verdict] of polls) {
    clock.set(at(iso));
    const sample: Sample = { siteId: id, ts: at(iso), verdict, rawVerdict: verdict, latencyMs: 50, reasons: [], returns: {}, lastSuccess: {} };
    await core.context.history.recordRound([sample]);
  }
  return { id, clock };
}

interface Figures {
  up: number;
  down: number;
}

async function everyView(id: number, from: number, to: number, days: 7 | 30 | 90): Promise<Record<string, Figures>> {
  const timeline = await call<SiteTimeline>('site.timeline', { id, days });
  const detail = summariseTimeline(timeline);
  const report = await call<UptimeReport>('uptime.report', { range: { from, to }, siteIds: [id] });
  const series = await call<SeriesPoint[]>('uptime.series', { range: { from, to }, siteId: id, bucket: 'hour' });
  const site = report.sites.find((s) => s.siteId === id);
  const timelineDown = timeline.seconds.filter((v) => isDown(v.verdict)).reduce((n, v) => n + v.seconds, 0);
  return {
    timeline: { up: timeline.seconds.filter((v) => isUp(v.verdict)).reduce((n, v) => n + v.seconds, 0), down: timelineDown },
    detail: { up: detail.secondsUp, down: detail.secondsDown },
    report: { up: site?.secondsUp ?? -1, down: site?.secondsDown ?? -1 },
    series: { up: series.reduce((n, p) => n + p.up, 0), down: series.reduce((n, p) => n + p.down, 0) },
  };
}

describe('uptime counted from the first poll, the same in every view', () => {
  it('a site added at 07:55 and first polled at 07:57 is down for 1 min at 07:59:20, not 59 min 20 s', async () => {
    const first = at('2026-11-16T07:57:00Z');
    const { id, clock } = await siteWithPolls(at('2026-11-16T07:55:00Z'), [
      ['2026-11-16T07:57:00Z', 'healthy'],
      ['2026-11-16T07:58:00Z', 'healthy'],
      ['2026-11-16T07:59:00Z', 'failing'],
    ]);
    clock.set(at('2026-11-16T07:59:20Z'));
    const now = clock.now();

    // By hand: 07:57-07:58 healthy (60 s), 07:58-07:59 failing (60 s); nothing before 07:57.
    const views = await everyView(id, now - 30 * DAY, now, 30);
    for (const [view, figures] of Object.entries(views)) expect({ view, ...figures }).toEqual({ view, up: 60, down: 60 });

    const timeline = await call<SiteTimeline>('site.timeline', { id, days: 30 });
    expect(timeline.observed).toEqual({ from: first, to: now });
    expect(summariseTimeline(timeline)).toMatchObject({ ratio: 0.5, observedFrom: first });
    // The band starts at the first poll: the hour before it is "not yet monitored", not downtime.
    expect(timeline.spans[0]?.from).toBe(first);
    expect(timeline.spans.every((s) => s.from >= first && s.to <= now)).toBe(true);
  });

  it('agrees across an hour and a London midnight, for the window and for the new day alone', async () => {
    const first = at('2026-11-16T23:57:00Z');
    const { id, clock } = await siteWithPolls(at('2026-11-16T23:50:00Z'), [
      ['2026-11-16T23:57:00Z', 'healthy'],
      ['2026-11-16T23:59:00Z', 'healthy'],
      ['2026-11-17T00:01:00Z', 'failing'],
      ['2026-11-17T00:03:00Z', 'unreachable'],
      ['2026-11-17T00:05:00Z', 'healthy'],
    ]);
    clock.set(at('2026-11-17T00:06:00Z'));
    const now = clock.now();

    // By hand: up 23:57-23:59 and 00:03-00:05 (240 s); down 23:59-00:03 (240 s), 60 s of it before midnight.
    const views = await everyView(id, now - 7 * DAY, now, 7);
    for (const [view, figures] of Object.entries(views)) expect({ view, ...figures }).toEqual({ view, up: 240, down: 240 });

    const timeline = await call<SiteTimeline>('site.timeline', { id, days: 7 });
    expect(timeline.observed?.from).toBe(first);
    expect(timeline.spans[0]?.from).toBe(first);

    // The new day alone (a London midnight in November is 00:00 UTC): 120 s up, 180 s down.
    const midnight = at('2026-11-17T00:00:00Z');
    const day = await core?.context.history.timeline(id, midnight, now);
    const report = await call<UptimeReport>('uptime.report', { range: { from: midnight, to: now }, siteIds: [id] });
    expect(day && summariseTimeline(day)).toMatchObject({ secondsUp: 120, secondsDown: 180, observedFrom: midnight });
    expect(report.sites[0]).toMatchObject({ secondsUp: 120, secondsDown: 180 });
  });

  it('a site not yet polled has no figures at all, not 0% up', async () => {
    const { id } = await siteWithPolls(at('2026-11-16T07:55:00Z'), []);
    const timeline = await call<SiteTimeline>('site.timeline', { id, days: 7 });
    expect(timeline).toMatchObject({ observed: null, spans: [], seconds: [] });
    expect(summariseTimeline(timeline).ratio).toBeNull();
  });
});
