// Schools for the fleet from a GIAS extract on disk, read with the console's own GIAS reader
// (csv-parse over iconv-lite: Windows-1252, or UTF-8 when someone re-saved it).
import { siteFromGias } from '../electron/core/register/gias-plan.ts';
import { readGias, type GiasRead } from '../electron/core/register/gias-reader.ts';
import type { SchoolIdentity } from './profile.ts';

export interface GiasSchools {
  schools: SchoolIdentity[];
  report: GiasRead;
}

export async function loadGiasSchools(file: string): Promise<GiasSchools> {
  const report = await readGias(file);
  const schools = report.establishments.map((e): SchoolIdentity => {
    // The register's own mapping; the postcode district (e.g. WM4) is the nearest thing GIAS has to an area within one LA.
    const { urn, laestab, name, type, typeGroup, phase, trust, area, pupils, latitude, longitude } = siteFromGias(e);
    return { urn, laestab, name, type, typeGroup, phase, trust, area: area ?? e.la, pupils, latitude, longitude };
  });
  return { schools, report };
}

/** One line per row left out or kept incomplete, for the CLI to print. */
export function describeGiasReport(report: GiasRead): string[] {
  return [
    `GIAS: ${report.rows} rows, ${report.establishments.length} open establishments, ${report.notOpen.length} not open, ${report.problems.length} rows with problems`,
    ...report.notOpen.map((e) => `  skipped URN ${e.urn} (${e.name}): status is "${e.status}", not open`),
    ...report.problems.map((s) => `  ${s.kept ? 'warning' : 'skipped'} line ${s.line} (URN ${s.urn ?? '?'}, ${s.name ?? 'no name'}): ${s.reason}`),
  ];
}
