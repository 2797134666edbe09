// Reads GIAS's links file (links_edubasealldata*.csv): which establishment succeeded which.
// Columns are chosen by header name; a row that cannot be trusted (a URN that is not six
// digits, a link type GIAS does not use) is left out and reported with its line.
import { OTHER_LINK_TYPES, SUCCESSION_LINK_TYPES } from '../../../shared/conversions.ts';
import { GiasFormatError } from '../../../shared/gias.ts';
import { readCsv } from '../files/csv-reader.ts';

export interface GiasLink {
  line: number;
  urn: number;
  linkUrn: number;
  linkName: string | null;
  /** One of SUCCESSION_LINK_TYPES, as GIAS spells it. */
  linkType: string;
  /** YYYY-MM-DD, or null when blank or unreadable. */
  established: string | null;
}

export interface GiasLinksRead {
  links: GiasLink[];
  /** Rows of other kinds (sixth-form links, "Other"): not about succession. */
  otherKinds: number;
  problems: { line: number; reason: string }[];
}

const COLUMNS = { urn: 'URN', linkUrn: 'LinkURN', linkName: 'LinkName', linkType: 'LinkType', established: 'LinkEstablishedDate' } as const;
const REQUIRED = ['urn', 'linkUrn', 'linkType'] as const;
const known = new Map<string, string>(SUCCESSION_LINK_TYPES.map((t) => [t.toLowerCase(), t]));
const other = new Set<string>(OTHER_LINK_TYPES.map((t) => t.toLowerCase()));

/** GIAS writes DD-MM-YYYY (sometimes with a time after it). */
function isoDate(text: string): string | null {
  const m = /^(\d{2})[-/](\d{2})[-/](\d{4})\b/.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

export async function readGiasLinks(source: string | Uint8Array | { text: string }): Promise<GiasLinksRead> {
  const out: GiasLinksRead = { links: [], otherKinds: 0, problems: [] };
  let at: Map<keyof typeof COLUMNS, number> | null = null;
  for await (const item of readCsv(source)) {
    if (item.kind === 'problem') {
      out.problems.push({ line: item.line, reason: item.reason });
      continue;
    }
    if (!at) {
      const byName = new Map(item.fields.map((h, i) => [h.trim(), i]));
      const missing = REQUIRED.filter((c) => !byName.has(COLUMNS[c]));
      if (missing.length) throw new GiasFormatError(`not a GIAS links file: missing column(s) ${missing.map((c) => `"${COLUMNS[c]}"`).join(', ')}`);
      at = new Map((Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).flatMap((c) => (byName.has(COLUMNS[c]) ? [[c, byName.get(COLUMNS[c]) ?? 0] as const] : [])));
      continue;
    }
    const cols = at;
    const cell = (c: keyof typeof COLUMNS): string => (cols.has(c) ? (item.fields[cols.get(c) ?? 0] ?? '').trim() : '');
    const urn = cell('urn');
    const linkUrn = cell('linkUrn');
    const type = cell('linkType');
    const problem = (reason: string) => out.problems.push({ line: item.line, reason });
    if (!/^\d{6}$/.test(urn)) {
      problem(`URN "${urn}" is not six digits; row left out`);
      continue;
    }
    if (!/^\d{6}$/.test(linkUrn)) {
      problem(`LinkURN "${linkUrn}" is not six digits; row left out`);
      continue;
    }
    if (urn === linkUrn) {
      problem(`URN ${urn} is linked to itself; row left out`);
      continue;
    }
    const linkType = known.get(type.toLowerCase());
    if (!linkType) {
      if (other.has(type.toLowerCase())) out.otherKinds++;
      else problem(`link type "${type}" is not one GIAS uses (${SUCCESSION_LINK_TYPES.slice(0, 2).join(', ')}, …); row left out`);
      continue;
    }
    out.links.push({ line: item.line, urn: Number(urn), linkUrn: Number(linkUrn), linkName: cell('linkName') || null, linkType, established: isoDate(cell('established')) });
  }
  if (!at) throw new GiasFormatError('the links file is empty');
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}
