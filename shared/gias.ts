// GIAS (Get Information About Schools) establishment extract → establishments the console
// can use. Pure: it maps one already-parsed record at a time (the reading, decoding and CSV
// parsing are electron/core/register/gias-reader.ts), so it runs anywhere. Columns are chosen
// by header name, never by position: the national extract has about 140 and their order moves.
import { bngToWgs84, isOnGrid } from './bng.ts';

export interface GiasEstablishment {
  urn: number;
  /** 7 digits (LA code + establishment number), or null when either part is missing. */
  laestab: string | null;
  laCode: string | null;
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
  /** WGS84, from the easting/northing; null when they are missing or unusable ("not on the map"). */
  latitude: number | null;
  longitude: number | null;
  /** Evidence for academy conversions: why it opened or closed, and when (YYYY-MM-DD). */
  reasonOpened: string | null;
  reasonClosed: string | null;
  openDate: string | null;
  closeDate: string | null;
}

export interface GiasRowNote {
  line: number;
  urn: string | null;
  name: string | null;
  reason: string;
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
  reasonOpened: 'ReasonEstablishmentOpened (name)',
  reasonClosed: 'ReasonEstablishmentClosed (name)',
  openDate: 'OpenDate',
  closeDate: 'CloseDate',
} as const;
export type GiasColumn = keyof typeof GIAS_COLUMNS;
const REQUIRED: readonly GiasColumn[] = ['urn', 'name', 'status'];

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

/** Where each column is in this file; throws GiasFormatError when it is not a GIAS extract. */
export type GiasHeader = { readonly width: number; readonly at: ReadonlyMap<GiasColumn, number> };

export function giasHeader(fields: readonly string[]): GiasHeader {
  const byName = new Map(fields.map((h, i) => [h.trim().replace(/^\ufeff/, ''), i]));
  const missing = REQUIRED.filter((c) => !byName.has(GIAS_COLUMNS[c]));
  if (missing.length) throw new GiasFormatError(`not a GIAS establishment extract: missing column(s) ${missing.map((c) => `"${GIAS_COLUMNS[c]}"`).join(', ')}`);
  const at = new Map<GiasColumn, number>();
  for (const c of Object.keys(GIAS_COLUMNS) as GiasColumn[]) {
    const i = byName.get(GIAS_COLUMNS[c]);
    if (i !== undefined) at.set(c, i);
  }
  return { width: fields.length, at };
}

// A line break inside a quoted name, a stray control or a text-direction override would reach
// the register as text a person can neither read nor save in the site form: spaces instead.
const BIDI = new Set([0x200e, 0x200f, 0x061c, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const isControl = (c: number): boolean => c < 0x20 || (c >= 0x7f && c <= 0x9f) || BIDI.has(c);

function spacesForControls(text: string): string {
  let i = 0;
  while (i < text.length && !isControl(text.charCodeAt(i))) i++;
  if (i === text.length) return text; // the usual case: nothing to copy
  let out = text.slice(0, i);
  for (; i < text.length; i++) out += isControl(text.charCodeAt(i)) ? ' ' : text.charAt(i);
  return out;
}

/** One record's cell, trimmed, controls made spaces; blank is null. */
export function giasCell(header: GiasHeader, fields: readonly string[], c: GiasColumn): string | null {
  const raw = fields[header.at.get(c) ?? -1];
  const v = raw === undefined ? undefined : spacesForControls(raw).trim();
  return v === undefined || v === '' ? null : v;
}

/** A UK postcode, e.g. "WM4 2UA" (outward code, space, inward code). */
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i;

export function normalisePostcode(text: string): string | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return POSTCODE.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : null;
}

/** GIAS dates are DD-MM-YYYY. */
function isoDate(text: string | null): string | null {
  const m = text ? /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(text) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

export type GiasRowResult =
  | { kind: 'invalid'; note: GiasRowNote }
  /** Kept; `problems` are fields it arrived without (a bad postcode, no map position, …). */
  | { kind: 'row'; establishment: GiasEstablishment; problems: string[] };

/** Maps one record. Invalid rows (no URN, no name, the wrong number of cells) are not imported. */
export function giasRow(header: GiasHeader, fields: readonly string[], line: number): GiasRowResult {
  const get = (c: GiasColumn) => giasCell(header, fields, c);
  const invalid = (reason: string): GiasRowResult => ({ kind: 'invalid', note: { line, urn: get('urn'), name: get('name'), reason } });
  if (fields.length !== header.width) return invalid(`has ${fields.length} cells; the header has ${header.width} (a cut-off or damaged line?)`);
  const urnText = get('urn');
  if (urnText === null) return invalid('no URN');
  if (!/^\d{6}$/.test(urnText)) return invalid(`URN "${urnText}" is not six digits`);
  const name = get('name');
  if (name === null) return invalid('no establishment name');

  const problems: string[] = [];
  const laCode = get('laCode');
  const estab = get('establishmentNumber');
  const laestab = laCode !== null && estab !== null && /^\d{3}$/.test(laCode) && /^\d{1,4}$/.test(estab) ? `${laCode}${estab.padStart(4, '0')}` : null;
  if (laestab === null) problems.push('no LAESTAB (LA code or establishment number missing)');

  const pupilsText = get('pupils');
  const pupils = pupilsText !== null && /^\d{1,5}$/.test(pupilsText) ? Number(pupilsText) : null;
  if (pupilsText !== null && pupils === null) problems.push(`pupil count "${pupilsText}" is not a whole number`);

  const postcodeText = get('postcode');
  const postcode = postcodeText === null ? null : normalisePostcode(postcodeText);
  if (postcodeText !== null && postcode === null) problems.push(`postcode "${postcodeText}" is not a UK postcode`);

  const easting = gridNumber(get('easting'));
  const northing = gridNumber(get('northing'));
  let latitude: number | null = null;
  let longitude: number | null = null;
  if (easting === null || northing === null) {
    problems.push(`${get('easting') === null || get('northing') === null ? 'no easting/northing' : 'easting/northing are not numbers'}: not on the map`);
  } else if (easting === 0 && northing === 0) {
    // The grid's origin, in the sea off the Isles of Scilly: a blank someone filled with zeros.
    problems.push('easting/northing are 0,0 (the grid origin, in the sea): not on the map');
  } else if (!isOnGrid(easting, northing)) {
    problems.push(`easting/northing ${easting},${northing} are off the British National Grid: not on the map`);
  } else {
    const ll = bngToWgs84(easting, northing);
    latitude = round6(ll.latitude);
    longitude = round6(ll.longitude);
  }
  return {
    kind: 'row',
    problems,
    establishment: {
      urn: Number(urnText),
      laestab,
      laCode,
      name,
      la: get('laName'),
      type: get('type'),
      typeGroup: get('typeGroup'),
      status: get('status') ?? '',
      phase: get('phase'),
      pupils,
      trust: get('trust'),
      street: get('street'),
      town: get('town'),
      postcode,
      easting,
      northing,
      latitude,
      longitude,
      reasonOpened: get('reasonOpened'),
      reasonClosed: get('reasonClosed'),
      openDate: isoDate(get('openDate')),
      closeDate: isoDate(get('closeDate')),
    },
  };
}

function gridNumber(s: string | null): number | null {
  if (s === null || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** Great-circle distance in km: good enough to tell a school 200 km from its LA's others. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The LA's middle (median latitude and longitude): robust to the one school keyed in wrong. */
export function medianPoint(points: readonly { latitude: number; longitude: number }[]): { latitude: number; longitude: number } | null {
  if (!points.length) return null;
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { latitude: mid(points.map((p) => p.latitude)), longitude: mid(points.map((p) => p.longitude)) };
}

/** Farther than this from the LA's middle, a school's coordinates are taken to be wrong. */
export const FAR_FROM_LA_KM = 60;

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
