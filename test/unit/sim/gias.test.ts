// GIAS import: RFC 4180 CSV, Windows-1252 names, open establishments only, BNG → WGS84.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { bngToWgs84, gridToOsgb36 } from '../../../shared/bng.ts';
import { readGias } from '../../../electron/core/register/gias-reader.ts';
import { GiasFormatError } from '../../../shared/gias.ts';
import { describeGiasReport, loadGiasSchools } from '../../../sim/index.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/gias-brackenfield.csv', import.meta.url));

describe('BNG → WGS84', () => {
  it('matches the OS worked example for the transverse Mercator inverse', () => {
    // OS "A guide to coordinate systems in Great Britain": E 651409.903, N 313177.270 → 52°39′27.2531″N, 1°43′4.5177″E (OSGB36).
    const p = gridToOsgb36(651409.903, 313177.27);
    expect(p.latitude).toBeCloseTo(52 + 39 / 60 + 27.2531 / 3600, 7);
    expect(p.longitude).toBeCloseTo(1 + 43 / 60 + 4.5177 / 3600, 7);
  });

  it('agrees with proj4’s EPSG:27700 (Helmert) to well under 5 m across Great Britain', () => {
    proj4.defs('EPSG:27700', '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs');
    for (const [e, n] of [
      [399179, 294931],
      [530034, 180381],
      [216667, 771255],
      [651409.903, 313177.27],
      [140000, 30000],
    ] as const) {
      const ours = bngToWgs84(e, n);
      const [lon, lat] = proj4('EPSG:27700', 'WGS84', [e, n]);
      const dy = (ours.latitude - (lat ?? 0)) * 111_320;
      const dx = (ours.longitude - (lon ?? 0)) * 111_320 * Math.cos(((lat ?? 0) * Math.PI) / 180);
      expect(Math.hypot(dx, dy), `${e},${n}`).toBeLessThan(5);
    }
  });
});

describe('GIAS fixture', () => {
  it('decodes Windows-1252 and imports open establishments only', async () => {
    const { schools, report } = await loadGiasSchools(FIXTURE);
    expect(report.rows).toBe(42);
    expect(report.encoding).toBe('windows-1252');
    expect(schools).toHaveLength(40);
    expect(report.notOpen.map((e) => [e.urn, e.status])).toEqual([
      [141043, 'Closed'],
      [141919, 'Proposed to open'],
    ]);
    const names = schools.map((s) => s.name);
    expect(names).toContain('St Margaret’s Catholic Primary School');
    expect(names).toContain('Greystone "Lower Site", Infant and Nursery School');
    expect(names.join('')).not.toMatch(/[\u0080-\u009f\ufffd]/);
    const trusts = new Set(schools.map((s) => s.trust));
    expect(trusts).toContain('St Chad’s Catholic Multi-Academy Company');
    const birchwood = schools.find((s) => s.urn === 141885);
    expect(birchwood).toMatchObject({ laestab: '9994001', typeGroup: 'Academies', phase: 'Secondary', pupils: 632, area: 'WM7' });
    for (const s of schools) {
      // England, and the English Midlands in particular.
      expect(s.latitude).toBeGreaterThan(52.3);
      expect(s.latitude).toBeLessThan(52.8);
      expect(s.longitude).toBeGreaterThan(-2.3);
      expect(s.longitude).toBeLessThan(-1.7);
    }
    expect(describeGiasReport(report)[0]).toBe('GIAS: 42 rows, 40 open establishments, 2 not open, 0 rows with problems');
  });

  it('reads the bytes as Windows-1252 (0x92 is the curly apostrophe), and the same file re-saved as UTF-8 with a BOM alike', async () => {
    const bytes = readFileSync(FIXTURE);
    expect(bytes.includes(0x92)).toBe(true);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(new TextDecoder('windows-1252').decode(bytes), 'utf8')]);
    const [a, b] = await Promise.all([readGias(bytes), readGias(utf8)]);
    expect(b.encoding).toBe('utf-8');
    expect(b.establishments).toEqual(a.establishments);
    expect(a.establishments.map((e) => e.name)).toContain('St Thomas’s Catholic Primary School');
  });

  it('reports bad rows by line and refuses a file that is not an extract', async () => {
    const header = '"URN","EstablishmentName","EstablishmentStatus (name)","Easting","Northing"';
    const text = `${header}\n"12","Tiny","Open","",""\n"123456","Ok School","Open","400000","300000"\n"123456","Dup","Open","",""\n"234567","Short"\n"345678","No Place","Open","0","0"\n`;
    const r = await readGias(Buffer.from(text));
    expect(r.establishments.map((e) => e.urn)).toEqual([123456, 345678]);
    expect(r.problems.map((p) => [p.line, p.reason, p.kept])).toEqual([
      [2, 'URN "12" is not six digits', false],
      [3, 'no LAESTAB (LA code or establishment number missing)', true],
      [4, 'URN 123456 is also on line 3, with different details; the first is kept', false],
      [5, 'has 2 cells; the header has 5 (a cut-off or damaged line?)', false],
      [6, 'no LAESTAB (LA code or establishment number missing)', true],
      [6, 'easting/northing are 0,0 (the grid origin, in the sea): not on the map', true],
    ]);
    await expect(readGias(Buffer.from('a,b\n1,2\n'))).rejects.toThrow(GiasFormatError);
  });
});
