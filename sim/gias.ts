// Schools for the fleet from a GIAS extract on disk. The extract is Windows-1252
// (curly apostrophes in names are byte 0x92), unless someone re-saved it as UTF-8 with a BOM.
import { readFile } from 'node:fs/promises';
import { importGias, type GiasImport } from '../shared/gias.ts';
import type { SchoolIdentity } from './profile.ts';

export function decodeGias(bytes: Uint8Array): string {
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return new TextDecoder(utf8Bom ? 'utf-8' : 'windows-1252').decode(bytes);
}

export interface GiasSchools {
  schools: SchoolIdentity[];
  report: GiasImport;
}

export async function loadGiasSchools(file: string): Promise<GiasSchools> {
  const report = importGias(decodeGias(await readFile(file)));
  const schools = report.establishments.map(
    (e): SchoolIdentity => ({
      urn: e.urn,
      laestab: e.laestab,
      name: e.name,
      type: e.type,
      typeGroup: e.typeGroup,
      phase: e.phase,
      trust: e.trust,
      // The postcode district (e.g. WM4) is the nearest thing GIAS has to an area within one LA.
      area: e.postcode?.split(' ')[0] ?? e.la,
      pupils: e.pupils,
      latitude: e.latitude,
      longitude: e.longitude,
    }),
  );
  return { schools, report };
}

/** One line per skipped or incomplete row, for the CLI to print. */
export function describeGiasReport(report: GiasImport): string[] {
  return [
    `GIAS: ${report.rows} rows, ${report.establishments.length} open establishments, ${report.skipped.length} skipped, ${report.warnings.length} with warnings`,
    ...report.skipped.map((s) => `  skipped line ${s.line} (URN ${s.urn ?? '?'}, ${s.name ?? 'no name'}): ${s.reason}`),
    ...report.warnings.map((s) => `  warning line ${s.line} (URN ${s.urn ?? '?'}, ${s.name ?? 'no name'}): ${s.reason}`),
  ];
}
