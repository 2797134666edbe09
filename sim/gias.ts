// Schools for the fleet from a GIAS extract on disk, read with the console's own GIAS reader
// (csv-parse over iconv-lite: Windows-1252, or UTF-8 when someone re-saved it).
import { readGias, type GiasRead } from '../electron/core/register/gias-reader.ts';
import type { SchoolIdentity } from './profile.ts';

export interface GiasSchools {
  schools: SchoolIdentity[];
  report: GiasRead;
}

export async function loadGiasSchools(file: string): Promise<GiasSchools> {
  const report = await readGias(file);
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

/** One line per row left out or kept incomplete, for the CLI to print. */
export function describeGiasReport(report: GiasRead): string[] {
  return [
    `GIAS: ${report.rows} rows, ${report.establishments.length} open establishments, ${report.notOpen.length} not open, ${report.problems.length} rows with problems`,
    ...report.problems.map((s) => `  ${s.kept ? 'warning' : 'skipped'} line ${s.line} (URN ${s.urn ?? '?'}, ${s.name ?? 'no name'}): ${s.reason}`),
  ];
}
