// Issue 12, item 2: an academy conversion carried over in a real SQLite store: the school's
// server, credential, pinned key, config, labels and polling move to the new URN in one
// audited transaction, and its history spans both URNs, counted once, with no gap.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import type { Sample } from '../../../electron/core/store/history-types.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { ConversionPreview, SiteLineage } from '../../../shared/conversions.ts';
import type { SiteTimeline } from '../../../shared/fleet.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';
import type { UptimeReportView } from '../../../shared/reports.ts';
import type { Site } from '../../../shared/site.ts';
import { deriveEd25519 } from '../../../sim/host-keys.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { rawDb } from '../../helpers/raw-db.ts';

const tempDir = useTempDir();
const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gias-brackenfield.csv');
const ALICE = { actor: 'alice' };
const HOUR = 3_600_000;
const START = Date.UTC(2026, 9, 1, 0, 0);
const CONFIRM = START + 72 * HOUR + HOUR / 2;
const END = START + 120 * HOUR;
const FINGERPRINT = `SHA256:${'Q'.repeat(43)}`;

describe('academy conversion carry-over', () => {
  let core: Core;
  const clock = new ManualClock(START);
  beforeEach(async () => {
    clock.set(START);
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock, startPolling: false });
  });
  afterEach(() => core.close());

  const ok = async <T>(channel: string, payload: unknown, context?: { actor: string }): Promise<T> => {
    const r = await core.request(channel, payload, context);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const upload = async (file: string): Promise<string> => {
    const bytes = fs.readFileSync(file);
    const { id } = await ok<{ id: string }>('files.begin', { name: path.basename(file), size: bytes.length });
    await ok('files.chunk', { id, offset: 0, data: bytes.toString('base64') });
    return id;
  };
  /** Hourly polls from `from` to `to` inclusive, as the poller records rounds; every 7th hour down. */
  const poll = async (siteId: number, from: number, to: number) => {
    for (let ts = from; ts <= to; ts += HOUR) {
      clock.set(ts);
      const verdict: Verdict = (ts / HOUR) % 7 === 0 ? 'unreachable' : 'healthy';
      const sample: Sample = { siteId, ts, verdict, rawVerdict: verdict, latencyMs: 40, reasons: [], returns: {}, lastSuccess: {}, intervalMs: HOUR };
      await core.context.history.recordRound([sample]);
    }
  };

  it('moves everything to the successor in one audited transaction, archives the predecessor and reports one history across the conversion', async () => {
    const { pollState, credentials, history, poller } = core.context;
    const db = rawDb(core.context);
    const pred = await ok<Site>('sites.create', { site: { urn: 141043, laestab: '9994001', name: 'Birchwood Academy', area: 'North', host: '127.0.0.1', port: 2222, user: 'b2b', tags: ['secondary', 'wifi'] } }, ALICE);
    db.prepare('UPDATE sites SET notes = ? WHERE id = ?').run('Server in the bursar\u2019s office', pred.id);
    const cred = await credentials.save('fleet-key', { privateKey: deriveEd25519(1, 'client').privateKey });
    await pollState.setPollSettings(pred.id, { intervalS: 300, credentialId: cred.id, alertsMuted: false });
    await pollState.approveHostKey(pred.id, FINGERPRINT, START, 'alice');
    await ok('config.saveTemplate', { name: 'Brackenfield', fields: { logLevel: 'warn' }, note: 'Quieter', baseVersion: 0 }, ALICE);
    await ok('config.assign', { siteIds: [pred.id], template: 'Brackenfield' }, ALICE);
    await ok('config.saveOverride', { scope: 'site', key: String(pred.id), fields: { logLevel: 'debug' }, note: 'Chasing a fault' }, ALICE);
    await poll(pred.id, START, START + 72 * HOUR);

    clock.set(CONFIRM);
    const extractId = await upload(FIXTURE);
    const preview = await ok<ConversionPreview>('conversions.preview', { extractId });
    expect(preview.source).toBe('evidence');
    expect(preview.pairs).toMatchObject([
      {
        status: 'ready',
        predecessor: { urn: 141043, siteId: pred.id, host: '127.0.0.1' },
        successor: { urn: 141885, siteId: null },
        evidence: 'same address, closed 31-08-2021 as Academy converter, opened 01-09-2021',
        carries: ['host 127.0.0.1:2222', 'user b2b', 'credential "fleet-key"', 'pinned host key', 'template "Brackenfield"', 'config override', 'tags: secondary, wifi', 'area North', 'notes', 'history before the conversion'],
      },
    ]);
    const auditBefore = (await core.context.audit.recent()).length;
    const { confirmed } = await ok<{ confirmed: { successorId: number }[] }>('conversions.confirm', { extractId, pairs: [{ predecessorUrn: 141043, successorUrn: 141885 }] }, ALICE);
    const succId = confirmed[0]?.successorId ?? 0;

    // The same server under the new URN, with the academy's identity from the extract.
    expect(await ok<Site>('sites.get', { id: succId })).toMatchObject({ urn: 141885, name: 'Birchwood Academy', typeGroup: 'Academies', host: '127.0.0.1', port: 2222, user: 'b2b', tags: ['secondary', 'wifi'], area: 'North', archivedAt: null });
    expect(db.prepare('SELECT notes, postcode, gias_status AS status FROM sites WHERE id = ?').get(succId)).toEqual({ notes: 'Server in the bursar\u2019s office', postcode: 'WM7 4SA', status: 'Open' });
    expect(await pollState.poll(succId)).toMatchObject({ credentialId: cred.id, hostkeyApproved: FINGERPRINT, intervalS: 300 });
    const view = await ok<{ template: string | null }>('config.site', { id: succId });
    expect(view.template).toBe('Brackenfield');
    const overrides = await ok<{ scope: string; key: string }[]>('config.overrides', {});
    expect(overrides.filter((o) => o.scope === 'site').map((o) => o.key)).toEqual([String(succId)]);

    // The predecessor is archived, history kept; polling moved.
    expect(await ok<Site[]>('sites.archived', {})).toMatchObject([{ id: pred.id, archivedBy: 'alice' }]);
    expect((await ok<{ sites: Site[] }>('fleet.snapshot', {})).sites.map((s) => s.id)).toEqual([succId]);
    expect(poller.tracks(succId)).toBe(true);
    expect(poller.tracks(pred.id)).toBe(false);
    // Restoring the old URN would poll the same server twice: refused, saying where the school went.
    const restore = await core.request('sites.restore', { id: pred.id }, ALICE);
    expect(restore).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/became URN 141885/) as string } });
    expect(await ok('poll.now', { ids: [pred.id] })).toEqual({ polled: 0, statuses: [] });

    const recent = await core.context.audit.recent();
    const entries = recent.slice(0, recent.length - auditBefore).reverse();
    expect(entries.map((e) => [e.actor, e.action, e.siteId])).toEqual([
      ['alice', 'site.create', succId],
      ['alice', 'site.convert', succId],
      ['alice', 'site.remove', pred.id],
    ]);
    expect(entries[1]?.detail).toMatchObject({ predecessorUrn: 141043, successorUrn: 141885, convertedOn: '2021-09-01' });
    expect(db.prepare('SELECT kind, evidence, confirmed_by AS by, confirmed_at AS at FROM site_links').all()).toEqual([
      { kind: 'academy-conversion', evidence: 'same address, closed 31-08-2021 as Academy converter, opened 01-09-2021', by: 'alice', at: CONFIRM },
    ]);
    expect(await ok<SiteLineage>('site.lineage', { id: succId })).toMatchObject({ predecessors: [{ siteId: pred.id, urn: 141043, convertedOn: '2021-09-01' }], successor: null });
    expect(await ok<SiteLineage>('site.lineage', { id: pred.id })).toMatchObject({ predecessors: [], successor: { siteId: succId, urn: 141885 } });

    // Offered once: the same extract again has nothing left to carry over.
    expect((await ok<ConversionPreview>('conversions.preview', { extractId: await upload(FIXTURE) })).pairs).toEqual([]);

    // History: the successor is polled from the next hour on; a report over both spans counts each second once.
    await poll(succId, START + 73 * HOUR, END);
    const range = { from: START, to: END };
    const own = async (id: number) => (await history.uptime({ ...range, siteIds: [id] })).sites[0];
    const before = await own(pred.id);
    const after = await own(succId);
    const report = await ok<UptimeReportView>('uptime.report', { range, siteIds: [succId] });
    expect(report.sites.map((s) => s.siteId)).toEqual([succId]);
    const s = report.sites[0];
    expect(before?.secondsUp).toBeGreaterThan(0);
    expect(after?.secondsUp).toBeGreaterThan(0);
    expect(s?.secondsUp).toBe((before?.secondsUp ?? 0) + (after?.secondsUp ?? 0));
    expect(s?.secondsDown).toBe((before?.secondsDown ?? 0) + (after?.secondsDown ?? 0));
    // No gap at the join: every second from the first poll to the last is counted.
    expect((s?.secondsUp ?? 0) + (s?.secondsDown ?? 0) + (s?.secondsExcluded ?? 0)).toBe((END - START) / 1000);
    // The whole fleet counts the school once.
    const fleet = await ok<UptimeReportView>('uptime.report', { range });
    expect(fleet.sites.map((x) => x.siteId)).toEqual([succId]);
    expect(fleet.fleet).toMatchObject({ sites: 1, secondsUp: s?.secondsUp, secondsDown: s?.secondsDown });
    const series = await ok<{ up: number; down: number }[]>('uptime.series', { range, siteId: succId, bucket: 'hour' });
    expect(series.reduce((n, p) => n + p.up, 0)).toBe(s?.secondsUp);

    const timeline = await ok<SiteTimeline>('site.timeline', { id: succId, days: 7 });
    expect(timeline.observed?.from).toBe(START);
    expect(timeline.spans[0]?.from).toBe(START);
    expect(timeline.spans.some((x) => x.from < CONFIRM && x.verdict === 'unreachable')).toBe(true);
    expect(timeline.seconds.reduce((n, x) => n + x.seconds, 0)).toBe((END - START) / 1000);
  });

  it('fills a successor already registered from GIAS without a host, from the links file, keeping its own tags and notes', async () => {
    const { pollState } = core.context;
    const db = rawDb(core.context);
    const pred = await ok<Site>('sites.create', { site: { urn: 141043, name: 'Birchwood Academy', host: '127.0.0.1', port: 2222, user: 'b2b', tags: ['secondary'] } }, ALICE);
    db.prepare('UPDATE sites SET notes = ? WHERE id = ?').run('Old notes', pred.id);
    await pollState.approveHostKey(pred.id, FINGERPRINT, START, 'alice');
    const fresh = db
      .prepare("INSERT INTO sites (urn, name, tags, notes, gias_status, created_at, updated_at) VALUES (141885, 'Birchwood Academy', '[\"gias\"]', 'From GIAS', 'Open', 't', 't')")
      .run();
    const succId = Number(fresh.lastInsertRowid);
    await core.context.incidents.observe({ siteId: pred.id, at: clock.now(), previous: 'healthy', current: 'unreachable', reasons: [], muted: false });
    const [open] = await ok<{ id: number }[]>('incidents.list', { state: 'open' });
    const dir = tempDir();
    // A different address would not match on evidence: only the links file pairs these.
    fs.writeFileSync(path.join(dir, 'links.csv'), '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\n"141043","141885","Birchwood Academy","Successor","01-09-2021"\n"141043","14188","x","Successor",""\n');
    const files = { extractId: await upload(FIXTURE), linksId: await upload(path.join(dir, 'links.csv')) };
    const preview = await ok<ConversionPreview>('conversions.preview', files);
    expect(preview).toMatchObject({ source: 'links', pairs: [{ status: 'ready', evidence: 'links file: Successor', successor: { urn: 141885, siteId: succId } }], problems: [{ file: 'links', line: 3 }] });
    await ok('conversions.confirm', { ...files, pairs: [{ predecessorUrn: 141043, successorUrn: 141885 }] }, ALICE);
    expect(db.prepare('SELECT host, port, user, tags, notes, archived_at AS archivedAt FROM sites WHERE id = ?').get(succId)).toEqual({
      host: '127.0.0.1',
      port: 2222,
      user: 'b2b',
      tags: '["secondary","gias"]',
      notes: 'Old notes\n\nFrom GIAS',
      archivedAt: null,
    });
    expect((await pollState.poll(succId)).hostkeyApproved).toBe(FINGERPRINT);
    expect((await core.context.audit.recent()).slice(0, 2)).toMatchObject([{ action: 'site.remove', detail: { closedIncidentId: open?.id } }, { action: 'site.convert' }]);
    // The old URN's open incident is closed (no poll will ever close it), saying where the school went.
    expect(await ok('incidents.list', { state: 'open' })).toEqual([]);
    const notes = await ok<{ author: string; text: string }[]>('incidents.notes', { id: open?.id });
    expect(notes.map((n) => [n.author, n.text])).toEqual([['alice', 'Closed because Birchwood Academy became URN 141885 (academy conversion, confirmed by alice); polling moved there.']]);
  });

  it('refuses a pair the files do not offer, and leaves everything as it was', async () => {
    const pred = await ok<Site>('sites.create', { site: { urn: 141043, name: 'Birchwood Academy', host: '127.0.0.1', user: 'b2b' } }, ALICE);
    const extractId = await upload(FIXTURE);
    const wrong = await core.request('conversions.confirm', { extractId, pairs: [{ predecessorUrn: 141043, successorUrn: 141045 }] }, ALICE);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'conflict', message: 'URN 141043 → 141045 is not offered by these files (already carried over?)' } });
    expect((await ok<Site[]>('sites.list', {})).map((s) => s.id)).toEqual([pred.id]);
    expect(rawDb(core.context).prepare('SELECT count(*) AS n FROM site_links').get()).toEqual({ n: 0 });
  });

  it('says clearly when the uploaded file is not a GIAS extract or links file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'links.csv'), '"URN","Name"\n"141043","x"\n');
    const linksId = await upload(path.join(dir, 'links.csv'));
    const bad = await core.request('conversions.preview', { extractId: await upload(FIXTURE), linksId });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', message: 'The links file: not a GIAS links file: missing column(s) "LinkURN", "LinkType"' } });
    const notGias = await core.request('conversions.preview', { extractId: linksId });
    expect(notGias).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(notGias.ok ? '' : notGias.error.message).toMatch(/^The GIAS extract: not a GIAS establishment extract: missing column\(s\)/);
  });
});
