import { describe, expect, it } from 'vitest';
import { readCsvAll } from '../../../electron/core/files/csv-reader.ts';
import { planInventory, type RegisterView } from '../../../electron/core/inventory/inventory-plan.ts';
import type { SiteFacts } from '../../../electron/core/inventory/site-change.ts';
import { toCsv } from '../../../shared/csv.ts';

const facts = (id: number, urn: number, over: Partial<SiteFacts['site']> = {}, rest: Partial<Omit<SiteFacts, 'site'>> = {}): SiteFacts => ({
  site: { id, urn, name: `School ${urn}`, host: `s${id}.schools.example`, port: 22, user: 'b2b', tags: ['north'], area: 'North', demo: false, archivedAt: null, ...over },
  credential: 'default',
  hostKeyKnown: true,
  ...rest,
});

const register = (...sites: SiteFacts[]): RegisterView => ({ byUrn: new Map(sites.map((s) => [s.site.urn, s])), credentialNames: new Set(['default', 'north-key']) });
const REGISTER = register(facts(1, 100001), facts(2, 100002), facts(3, 100003, { host: '10.0.0.3', port: 2222 }, { hostKeyKnown: false }));

const plan = async (text: string | Uint8Array, reg = REGISTER) => {
  const { records, problems } = await readCsvAll(typeof text === 'string' ? { text } : text);
  return planInventory(records, problems, reg);
};

describe('planInventory', () => {
  it('reads columns by name in any order, leaves blank cells alone and says what changes', async () => {
    const p = await plan('area,tags,URN,port,host\r\n,east;west|north,100001,,\r\nSouth,,100002,2200,new.schools.example\r\n,,100003,,\r\n');
    expect(p.rows).toEqual([
      { kind: 'change', line: 2, change: expect.objectContaining({ siteId: 1, changes: [{ field: 'tags', before: 'north', after: 'east; west; north' }], forgetsHostKey: false }) as unknown },
      {
        kind: 'change',
        line: 3,
        change: expect.objectContaining({
          siteId: 2,
          forgetsHostKey: true,
          changes: [
            { field: 'host', before: 's2.schools.example', after: 'new.schools.example' },
            { field: 'port', before: '22', after: '2200' },
            { field: 'area', before: 'North', after: 'South' },
          ],
        }) as unknown,
      },
      { kind: 'unchanged', line: 4, urn: 100003, name: 'School 100003' },
    ]);
    expect(p.after.get(2)).toEqual({ host: 'new.schools.example', port: 2200, user: 'b2b', credential: 'default', tags: ['north'], area: 'South' });
  });

  it('gives each bad row its line and reason and keeps the good ones', async () => {
    const csv = [
      'URN,host,port,user,credential,tags',
      '999999,a.example,,,,', // 2: not registered
      '100001,bad_host,,,,', // 3
      '100002,,70000,,,', // 4
      '100003,,,-oProxyCommand=x,,', // 5
      '100001,,,,nobody,', // 6: unknown credential, and 100001 repeated
      '100002,,,,,<script>', // 7: bad tag, 100002 repeated
      '12ab,,,,,', // 8
      '100003,,22', // 9: short row
      '',
    ].join('\n');
    const p = await plan(csv, register(facts(1, 100001), facts(2, 100002), facts(3, 100003), facts(4, 100004)));
    expect(p.rows.map((r) => [r.line, r.kind, r.kind === 'invalid' ? r.reason : ''])).toEqual([
      [2, 'invalid', 'URN 999999 is not in the register: import it from GIAS or add it first'],
      [3, 'invalid', 'URN 100001 is also on line 6: keep one row per school'],
      [4, 'invalid', 'URN 100002 is also on line 7: keep one row per school'],
      [5, 'invalid', 'URN 100003 is also on line 9: keep one row per school'],
      [6, 'invalid', 'URN 100001 is also on line 3: keep one row per school'],
      [7, 'invalid', 'URN 100002 is also on line 4: keep one row per school'],
      [8, 'invalid', 'URN must be six digits'],
      [9, 'invalid', 'this row has 3 cells; the header has 6'],
    ]);
    const one = async (row: string) => {
      const r = (await plan(`URN,host,port,user,credential,tags\n${row}\n`)).rows[0];
      return r?.kind === 'invalid' ? r.reason : r?.kind;
    };
    expect(await one('100001,bad_host,,,,')).toBe('host: Host names cannot contain underscores');
    expect(await one('100001,,0,,,')).toBe('port: Port must be between 1 and 65535');
    expect(await one('100001,,22.5,,,')).toBe('port: Port must be between 1 and 65535');
    expect(await one('100001,,,-oProxyCommand=x,,')).toBe('user: User cannot start with "-"');
    expect(await one('100001,,,,nobody,')).toBe('credential: no credential is named "nobody"; add it under Settings first');
    expect(await one('100001,,,,,<b>x</b>')).toBe('tags: "<b>x</b>": A tag may contain letters, digits, spaces and . : / -');
  });

  it('refuses shell metacharacters and HTML in hosts and tags, and text-direction tricks', async () => {
    const csv = toCsv([
      ['URN', 'host', 'tags'],
      [100001, 'a.example;rm -rf /', ''],
      [100002, '$(reboot)', ''],
      [100003, '<img src=x onerror=alert(1)>', 'ok; `id`'],
    ]);
    const p = await plan(csv);
    expect(p.rows.map((r) => r.kind)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(p.after.size).toBe(0);
    const rtl = await plan(`URN,area\n100001,North\u202Eevil\n`);
    expect(rtl.rows[0]).toMatchObject({ kind: 'invalid', reason: 'area: Text direction characters (e.g. U+202E) are not allowed' });
  });

  it('reports a host with an embedded line break at the line its record starts on', async () => {
    const p = await plan('URN,host\n100001,"a.example\nb.example"\n100002,c.example\n');
    expect(p.rows).toMatchObject([
      { kind: 'invalid', line: 2, urn: 100001, reason: expect.stringContaining('host:') as unknown },
      { kind: 'change', line: 4, change: { siteId: 2 } },
    ]);
  });

  it('reads a UTF-8 BOM and a Windows-1252 area, and a truncated last line is a problem at its line', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('URN,area\n100001,Caf\u00e9 quarter\n')]);
    expect((await plan(bom)).rows).toMatchObject([{ kind: 'change', change: { changes: [{ field: 'area', after: 'Caf\u00e9 quarter' }] } }]);
    const cp1252 = new Uint8Array([...new TextEncoder().encode('URN,area\n100001,Caf'), 0xe9, 0x0a]);
    expect((await plan(cp1252)).rows).toMatchObject([{ kind: 'change', change: { changes: [{ field: 'area', after: 'Caf\u00e9' }] } }]);
    const cut = await plan('URN,host\n100001,x.example\n100002,"y.exam');
    expect(cut.rows).toEqual([
      expect.objectContaining({ kind: 'change', line: 2 }),
      { kind: 'invalid', line: 3, urn: null, reason: 'the file ends inside a quoted field (is the last line cut off?)' },
    ]);
  });

  it('refuses unknown, repeated or missing columns as a whole, before any row', async () => {
    await expect(plan('URN,hots\n100001,a.example\n')).rejects.toThrow('Unknown column "hots"');
    await expect(plan('URN,host,Host\n')).rejects.toThrow('The column host appears twice');
    await expect(plan('host\na.example\n')).rejects.toThrow('needs a URN column');
  });

  it('refuses removed and demo sites by name', async () => {
    const p = await plan('URN,port\n100001,23\n100002,23\n', register(facts(1, 100001, { archivedAt: '2026-01-01T00:00:00Z' }), facts(2, 100002, { demo: true })));
    expect(p.rows.map((r) => (r.kind === 'invalid' ? r.reason : r.kind))).toEqual([
      'School 100001 was removed from the fleet: restore it first',
      'School 100002 is a demo site: it comes from the simulator and cannot be edited',
    ]);
  });

  it('undoes the spreadsheet guard toCsv puts on cells, so an export reads back unchanged', async () => {
    const reg = register(facts(1, 100001, { tags: ['-x', 'y'], area: '=Hill' }));
    const csv = toCsv([['URN', 'tags', 'area'], [100001, '-x; y', '=Hill']]);
    expect(csv).toContain(`'-x; y`);
    expect((await plan(csv, reg)).rows).toEqual([{ kind: 'unchanged', line: 2, urn: 100001, name: 'School 100001' }]);
  });

  it('treats a site with no host yet (from GIAS) as a site whose host and user the import fills in, both or neither', async () => {
    const waiting = register(facts(1, 100001, { host: null, user: null }, { hostKeyKnown: false }), facts(2, 100002, { host: null, user: null }, { hostKeyKnown: false }));
    const p = await plan('URN,host,user\n100001,new.example,b2b\n100002,half.example,\n', waiting);
    expect(p.rows).toMatchObject([
      { kind: 'change', change: { changes: [{ field: 'host', before: '', after: 'new.example' }, { field: 'user', before: '', after: 'b2b' }], forgetsHostKey: false } },
      { kind: 'invalid', line: 3, reason: 'a host needs a user: this school is not set up yet, so give both' },
    ]);
  });
});
