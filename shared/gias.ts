// GIAS (Get Information About Schools) establishment extract → establishments the
// fleet and the console can use. Works on already-decoded text (the extract is
// Windows-1252; decoding belongs to whoever read the bytes), so it runs anywhere.
import { bngToWgs84, isOnGrid } from './bng.ts';

export interface CsvRecord {
  /** 1-based line where the record starts (records may span lines inside quotes). */
  line: number;
  fields: string[];
}

/** RFC 4180: comma separated, fields in double quotes may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

export interface GiasEstablishment {
  urn: number;
  /** 7 digits (LA code + establishment number), or null when either part is missing. */
  laestab: string | null;
  name: string;
  la: string | null;
  type: string | null;
  typeGroup: string | null;
  status: string;
  phase: string | null;
  pupils: number | null;
  trust: string | null;
  street: string | null;
  town: string | null;
  postcode: string | null;
  easting: number | null;
  northing: number | null;
  /** WGS84, from the easting/northing. */
  latitude: number | null;
  longitude: number | null;
}

export interface GiasRowNote {
  line: number;
  urn: string | null;
  name: string | null;
  reason: string;
}

export interface GiasImport {
  establishments: GiasEstablishment[];
  /** Rows left out, and why (closed, proposed, malformed, duplicate). */
  skipped: GiasRowNote[];
  /** Rows kept with something missing (no coordinates, no LAESTAB). */
  warnings: GiasRowNote[];
  /** Data rows read (not counting the header). */
  rows: number;
}

export const GIAS_COLUMNS = {
  urn: 'URN',
  laCode: 'LA (code)',
  laName: 'LA (name)',
  establishmentNumber: 'EstablishmentNumber',
  name: 'EstablishmentName',
  type: 'TypeOfEstablishment (name)',
  typeGroup: 'EstablishmentTypeGroup (name)',
  status: 'EstablishmentStatus (name)',
  phase: 'PhaseOfEducation (name)',
  pupils: 'NumberOfPupils',
  trust: 'Trusts (name)',
  street: 'Street',
  town: 'Town',
  postcode: 'Postcode',
  easting: 'Easting',
  northing: 'Northing',
} as const;
type Column = keyof typeof GIAS_COLUMNS;
const REQUIRED: readonly Column[] = ['urn', 'name', 'status'];

/** Establishments that are running today. "Open, but proposed to close" still has pupils and data. */
export function isOpenStatus(status: string): boolean {
  return /^open\b/i.test(status.trim());
}

export class GiasFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GiasFormatError';
  }
}

export interface GiasImportOptions {
  /** Keep only open establishments (default), or every status. */
  only?: 'open' | 'all';
}

export function importGias(text: string, options: GiasImportOptions = {}): GiasImport {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new GiasFormatError('the file is empty');
  const index = new Map(header.fields.map((h, i) => [h.trim(), i]));
  const missing = REQUIRED.filter((c) => !index.has(GIAS_COLUMNS[c]));
  if (missing.length) throw new GiasFormatError(`not a GIAS establishment extract: missing column(s) ${missing.map((c) => `"${GIAS_COLUMNS[c]}"`).join(', ')}`);

  const result: GiasImport = { establishments: [], skipped: [], warnings: [], rows: records.length };
  const seen = new Set<number>();
  for (const rec of records) {
    const get = (c: Column): string | null => {
      const i = index.get(GIAS_COLUMNS[c]);
      const v = i === undefined ? undefined : rec.fields[i]?.trim();
      return v === undefined || v === '' ? null : v;
    };
    const note = (reason: string): GiasRowNote => ({ line: rec.line, urn: get('urn'), name: get('name'), reason });
    if (rec.fields.length !== header.fields.length) {
      result.skipped.push(note(`has ${rec.fields.length} fields; the header has ${header.fields.length}`));
      continue;
    }
    const urnText = get('urn');
    const urn = urnText !== null && /^\d{6}$/.test(urnText) ? Number(urnText) : null;
    if (urn === null) {
      result.skipped.push(note(urnText === null ? 'no URN' : `URN "${urnText}" is not six digits`));
      continue;
    }
    const name = get('name');
    if (name === null) {
      result.skipped.push(note('no establishment name'));
      continue;
    }
    const status = get('status') ?? '';
    if (options.only !== 'all' && !isOpenStatus(status)) {
      result.skipped.push(note(`status is "${status || 'blank'}", not open`));
      continue;
    }
    if (seen.has(urn)) {
      result.skipped.push(note('duplicate URN'));
      continue;
    }
    seen.add(urn);

    const la = get('laCode');
    const estab = get('establishmentNumber');
    const laestab = la !== null && estab !== null && /^\d{3}$/.test(la) && /^\d{1,4}$/.test(estab) ? `${la}${estab.padStart(4, '0')}` : null;
    if (laestab === null) result.warnings.push(note('no LAESTAB (LA code or establishment number missing)'));
    const easting = numberOrNull(get('easting'));
    const northing = numberOrNull(get('northing'));
    let latitude: number | null = null;
    let longitude: number | null = null;
    if (easting !== null && northing !== null && isOnGrid(easting, northing)) {
      const ll = bngToWgs84(easting, northing);
      latitude = round6(ll.latitude);
      longitude = round6(ll.longitude);
    } else {
      result.warnings.push(note('no usable easting/northing, so no map position'));
    }
    const pupils = numberOrNull(get('pupils'));
    result.establishments.push({
      urn,
      laestab,
      name,
      la: get('laName'),
      type: get('type'),
      typeGroup: get('typeGroup'),
      status,
      phase: get('phase'),
      pupils: pupils === null || !Number.isInteger(pupils) || pupils < 0 ? null : pupils,
      trust: get('trust'),
      street: get('street'),
      town: get('town'),
      postcode: get('postcode'),
      easting,
      northing,
      latitude,
      longitude,
    });
  }
  return result;
}

function numberOrNull(s: string | null): number | null {
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
