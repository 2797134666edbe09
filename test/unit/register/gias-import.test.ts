// GIAS import through the contract on a real store: upload, preview, apply exactly the preview,
// re-import idempotent, local fields never overwritten, a moved register or a failure mid-apply
// leaving the register untouched, and hostile files read without crashing or half-importing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/core.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { GiasApplyResult, GiasPreview, PlaceResult } from '../../../shared/register.ts';
import type { Site } from '../../../shared/site.ts';
import { fixtureTable, setCell, tableText, uploadBytes, utf8WithBom, widenAndShuffle, windows1252, type GiasTable } from '../../helpers/gias-files.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { rawDb } from '../../helpers/raw-db.ts';

const tempDir = useTempDir();
const JO = { actor: 'Jo Engineer' };
const HOSTILE = `<img src=x onerror="alert(1)"> $(touch /tmp/pwned); rm -rf ~ \`id\` | & > Primary`;

describe('GIAS import', () => {
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ dataDir: tempDir(), mode: 'browser', version: 'test', clock: new ManualClock(Date.UTC(2026, 11, 3, 9, 0)), startPolling: false });
  });
  afterEach(() => core.close());

  const ask = (channel: string, payload: unknown) => core.request(channel, payload, JO);
  const ok = async <T,>(channel: string, payload: unknown): Promise<T> => {
    const r = await ask(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  const preview = async (bytes: Buffer, opts: { laCode?: string | null; includeClosed?: boolean } = {}) =>
    ok<GiasPreview>('register.previewGias', { uploadId: await uploadBytes(ask, 'edubasealldata.csv', bytes), laCode: opts.laCode ?? null, includeClosed: opts.includeClosed ?? false });
  const apply = (p: GiasPreview) => ok<GiasApplyResult>('register.applyGias', { previewId: p.previewId });
  const sites = () => core.context.sites.list();
  const auditLog = () => rawDb(core.context).prepare('SELECT actor, action FROM audit_log ORDER BY id').all() as { actor: string; action: string }[];
  const byUrn = async (urn: number): Promise<Site> => {
    const s = (await sites()).find((x) => x.urn === urn);
    if (!s) throw new Error(`no ${urn}`);
    return s;
  };
  const importTable = async (t: GiasTable) => apply(await preview(windows1252(tableText(t))));

  it('previews the fixture, then applies exactly that: 40 schools waiting for their host, each audited under the actor', async () => {
    const progress: unknown[] = [];
    const off = core.context.events.on((name, payload) => name === 'register.progress' && progress.push(payload));
    const bytes = windows1252(tableText(fixtureTable()));
    const p = await preview(bytes);
    off();
    expect(progress.at(-1)).toMatchObject({ bytes: bytes.length, total: bytes.length });
    expect(p).toMatchObject({ laCode: '999', rows: 42, encoding: 'windows-1252', unchanged: 0, changed: [], skipped: { notOpen: 2, otherLa: 0 } });
    expect(p.created).toHaveLength(40);
    expect(p.created.find((c) => c.urn === 141005)).toEqual({ urn: 141005, name: 'St Margaret’s Catholic Primary School', postcode: 'WM4 2UA', area: 'WM4' });
    expect(await sites()).toHaveLength(0);

    expect(await apply(p)).toEqual({ created: 40, changed: 0, unchanged: 0 });
    const s = await byUrn(141005);
    expect(s).toMatchObject({ host: null, user: null, postcode: 'WM4 2UA', area: 'WM4', giasStatus: 'Open', locationSource: 'gias', notes: '', tags: [] });
    const entries = auditLog();
    expect(entries.filter((e) => e.action === 'register.gias-import')).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'site.create')).toHaveLength(40);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['Jo Engineer']));

    // Not set up yet: in the register, not polled, no failure.
    expect(core.context.poller.tracks(s.id)).toBe(false);
    expect(core.context.poller.status(s.id)).toMatchObject({ verdict: 'unknown', reasons: [{ code: 'not-set-up' }] });
    expect(await core.context.poller.pollNow([s.id])).toBe(0);

    // The same extract again changes nothing.
    const again = await preview(windows1252(tableText(fixtureTable())));
    expect(again).toMatchObject({ created: [], changed: [], unchanged: 40 });
  });

  it('a re-import changes only what GIAS owns: host, tags, notes, area and a placed position stay', async () => {
    await importTable(fixtureTable());
    const s = await byUrn(141005);
    const local = { ...s, host: '10.1.2.3', user: 'b2b', tags: ['pilot'], notes: 'Caretaker has the key', area: 'North', latitude: 52.5, longitude: -2 };
    const { id: _id, createdAt: _c, updatedAt: _u, archivedAt: _a, archivedBy: _b, demo: _d, postcode: _p, street: _s, town: _t, giasStatus: _g, locationSource: _l, ...input } = local;
    await ok('sites.update', { id: s.id, site: input });
    expect((await byUrn(141005)).locationSource).toBe('manual');

    const t = fixtureTable();
    setCell(t, 141005, 'EstablishmentName', 'St Margaret’s Catholic Primary Academy');
    setCell(t, 141005, 'NumberOfPupils', '240');
    setCell(t, 141005, 'Easting', '399999');
    setCell(t, 141885, 'Postcode', 'WM7 4SB');
    const p = await preview(windows1252(tableText(t)));
    expect(p.created).toEqual([]);
    expect(p.unchanged).toBe(38);
    expect(p.changed.find((c) => c.urn === 141005)?.changes).toEqual([
      { field: 'name', before: 'St Margaret’s Catholic Primary School', after: 'St Margaret’s Catholic Primary Academy' },
      { field: 'pupils', before: 524, after: 240 },
    ]);
    expect(p.changed.find((c) => c.urn === 141885)?.changes).toEqual([{ field: 'postcode', before: 'WM7 4SA', after: 'WM7 4SB' }]);
    await apply(p);
    expect(await byUrn(141005)).toMatchObject({ name: 'St Margaret’s Catholic Primary Academy', pupils: 240, host: '10.1.2.3', user: 'b2b', tags: ['pilot'], notes: 'Caretaker has the key', area: 'North', latitude: 52.5, longitude: -2, locationSource: 'manual' });
    expect((await byUrn(141885)).area).toBe('WM7');
  });

  it('refuses an apply when the register moved since the preview, and writes nothing', async () => {
    await importTable(fixtureTable());
    const t = fixtureTable();
    setCell(t, 141005, 'NumberOfPupils', '300');
    const p = await preview(windows1252(tableText(t)));
    const s = await byUrn(141005);
    rawDb(core.context).prepare('UPDATE sites SET pupils = 1 WHERE id = ?').run(s.id);
    const auditBefore = auditLog().length;
    const r = await ask('register.applyGias', { previewId: p.previewId });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('conflict');
    expect(!r.ok && r.error.message).toMatch(/changed since this preview/);
    expect((await byUrn(141005)).pupils).toBe(1);
    expect(auditLog().length).toBe(auditBefore);
  });

  it('a failure mid-apply leaves the register and the audit trail untouched', async () => {
    const p = await preview(windows1252(tableText(fixtureTable())));
    // A real SQLite failure after every site and 19 audit entries were written.
    rawDb(core.context).exec(`CREATE TRIGGER fail_mid BEFORE INSERT ON audit_log WHEN (SELECT count(*) FROM audit_log) >= 19 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const r = await ask('register.applyGias', { previewId: p.previewId });
    expect(r.ok).toBe(false);
    expect(await sites()).toHaveLength(0);
    expect(auditLog()).toHaveLength(0);
    rawDb(core.context).exec('DROP TRIGGER fail_mid');
    expect(await apply(p)).toMatchObject({ created: 40 });
  });

  it('reads hostile variants without crashing: each bad row named by line, the rest imported whole, text kept as text', async () => {
    const t = fixtureTable();
    setCell(t, 141005, 'EstablishmentName', HOSTILE);
    setCell(t, 141885, 'EstablishmentName', 'Birchwood\nAcademy "Upper"');
    setCell(t, 141045, 'NumberOfPupils', 'about 200');
    setCell(t, 141045, 'EstablishmentName', 'Coldharbour Primary\tAcademy');
    setCell(t, 141045, 'Easting', 'n/a');
    const zero = t.rows[5]?.[0] ?? '';
    setCell(t, Number(zero), 'Easting', '0');
    setCell(t, Number(zero), 'Northing', '0');
    const blank = t.rows[6]?.[0] ?? '';
    setCell(t, Number(blank), 'Easting', '');
    t.rows.push([...(t.rows[7] ?? [])]);
    const text = tableText(t);
    const p = await preview(windows1252(text));
    expect(p.created).toHaveLength(40);
    const reasons = p.problems.map((x) => `${x.line}: ${x.reason}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^\d+: pupil count "about 200" is not a whole number$/));
    expect(reasons).toContainEqual(expect.stringMatching(/0,0 \(the grid origin/));
    expect(reasons).toContainEqual(expect.stringMatching(/no easting\/northing: not on the map/));
    expect(reasons).toContainEqual(expect.stringMatching(/^45: duplicate of line \d+$/));
    expect(p.notOnMap.map((n) => n.urn)).toEqual(expect.arrayContaining([141045, Number(zero), Number(blank)]));
    await apply(p);
    expect((await byUrn(141005)).name).toBe(HOSTILE);
    // A line break or a direction override from the file becomes a space: a name a person can read and save.
    expect((await byUrn(141885)).name).toBe('Birchwood Academy "Upper"');
    expect((await byUrn(141045)).name).toBe('Coldharbour Primary Academy');
    expect(await byUrn(141045)).toMatchObject({ pupils: null, latitude: null, locationSource: null });

    // The same in UTF-8 with a BOM, and with 140 columns in another order: the same plan.
    const asUtf8 = await preview(utf8WithBom(text));
    expect(asUtf8).toMatchObject({ encoding: 'utf-8', created: [], changed: [], unchanged: 40 });
    const wide = await preview(windows1252(tableText(widenAndShuffle(t))));
    expect(wide).toMatchObject({ created: [], changed: [], unchanged: 40 });
    // A text-direction override (only UTF-8 can carry one) never reaches the register.
    setCell(t, 141045, 'EstablishmentName', 'Coldharbour\u202eymedacA');
    const bidi = await preview(utf8WithBom(tableText(t)));
    expect(bidi.changed.map((c) => c.changes)).toEqual([[{ field: 'name', before: 'Coldharbour Primary Academy', after: 'Coldharbour ymedacA' }]]);
  });

  it('a cut-off last line, inside quotes or not, is reported and nothing else is lost', async () => {
    const text = tableText(fixtureTable());
    const lines = text.split('\r\n');
    const last = lines[42] ?? '';
    const unquoted = [...lines.slice(0, 42), last.slice(0, last.indexOf(',"Open"'))].join('\r\n').replace(/"(\d{6})","999"/g, '$1,999');
    const insideQuotes = [...lines.slice(0, 42), last.slice(0, 60)].join('\r\n');
    for (const cut of [unquoted, insideQuotes]) {
      const p = await preview(windows1252(cut));
      expect(p.problems).toEqual([expect.objectContaining({ line: 43, kept: false })]);
      expect(p.created.length + p.skipped.notOpen).toBe(41);
    }
  });

  it('asks which LA when the file holds several and the register gives no hint, then defaults to the register’s', async () => {
    const t = fixtureTable();
    const la = t.header.indexOf('LA (code)');
    for (const r of t.rows.slice(0, 10)) r[la] = '888';
    const asked = await preview(windows1252(tableText(t)));
    expect(asked).toMatchObject({ previewId: null, laCode: null, las: [{ code: '999', count: 32 }, { code: '888', count: 10 }] });
    const chosen = await preview(windows1252(tableText(t)), { laCode: '999' });
    expect(chosen.skipped.otherLa).toBe(10);
    await apply(chosen);
    expect(await preview(windows1252(tableText(t)))).toMatchObject({ laCode: '999', unchanged: chosen.created.length });
  });

  it('lists schools closed in GIAS or missing from the extract without archiving them, and includes closed ones when asked', async () => {
    await importTable(fixtureTable());
    const t = fixtureTable();
    setCell(t, 141005, 'EstablishmentStatus (name)', 'Closed');
    t.rows = t.rows.filter((r) => r[0] !== '141885');
    const p = await preview(windows1252(tableText(t)));
    expect(p.closedInGias.map((c) => [c.urn, c.status])).toEqual([[141005, 'Closed']]);
    expect(p.notInExtract.map((c) => c.urn)).toEqual([141885]);
    await apply(p);
    expect(await sites()).toHaveLength(40);
    const withClosed = await preview(windows1252(tableText(t)), { includeClosed: true });
    expect(withClosed.changed.find((c) => c.urn === 141005)?.changes).toEqual([{ field: 'giasStatus', before: 'Open', after: 'Closed' }]);
  });

  it('places a school by its postcode sector, says it is approximate, and a re-import leaves it there', async () => {
    const t = fixtureTable();
    setCell(t, 141005, 'Easting', '');
    await importTable(t);
    const placed = await ok<PlaceResult>('register.placeByPostcode', { id: (await byUrn(141005)).id });
    expect(placed.basis).toMatch(/^approximate: the middle of \d+ registered schools? in postcode (sector WM4 2|district WM4)$/);
    expect(await byUrn(141005)).toMatchObject({ locationSource: 'postcode', latitude: placed.latitude });
    expect((await preview(windows1252(tableText(fixtureTable())))).changed).toEqual([]);
  });
});
