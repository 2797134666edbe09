// Reads a GIAS establishment extract (or the national one, ~60 MB) as a stream: one LA's
// rows are kept, every other row is only counted, so memory follows the LA, not the file.
// Reading decides nothing about the register; register/gias-import.ts compares with it.
import { distanceKm, FAR_FROM_LA_KM, giasCell, giasHeader, GiasFormatError, giasRow, isOpenStatus, medianPoint, type GiasEstablishment, type GiasHeader, type GiasRowNote } from '../../../shared/gias.ts';
import { readCsv, type CsvEncoding } from '../files/csv-reader.ts';

export interface GiasReadOptions {
  /** Keep only this LA's rows ("999"); all LAs when absent. */
  laCode?: string | null;
  /** Keep closed and proposed establishments among the kept rows too (default: open only). */
  includeClosed?: boolean;
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
}

export interface GiasProblemRow extends GiasRowNote {
  /** Kept (imported without the field) or left out. */
  kept: boolean;
}

export interface GiasRead {
  encoding: CsvEncoding | null;
  /** Data records read, every LA. */
  rows: number;
  /** Every LA in the file, with its establishment count, so a person can pick theirs. */
  las: { code: string; name: string | null; count: number }[];
  /** The kept rows: the LA's open establishments (or every status, if asked). */
  establishments: GiasEstablishment[];
  /** The LA's establishments that are not open (closed, proposed): evidence for academy conversions. */
  notOpen: GiasEstablishment[];
  /** Rows of the LA left out or kept with something missing, by line. */
  problems: GiasProblemRow[];
  /** Rows of other LAs (counted, not read further). */
  otherLa: number;
}

export async function readGias(source: string | Uint8Array, options: GiasReadOptions = {}): Promise<GiasRead> {
  let header: GiasHeader | null = null;
  let encoding: CsvEncoding | null = null;
  const result: GiasRead = { encoding: null, rows: 0, las: [], establishments: [], notOpen: [], problems: [], otherLa: 0 };
  const las = new Map<string, { code: string; name: string | null; count: number }>();
  const firstLine = new Map<number, { line: number; row: GiasEstablishment }>();
  const problemsOf = new Map<GiasEstablishment, GiasProblemRow[]>();
  const wanted = options.laCode?.trim() || null;

  const csvOptions = { onEncoding: (e: CsvEncoding | null) => (encoding = e), ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  for await (const item of readCsv(source, csvOptions)) {
    if (item.kind === 'problem') {
      result.problems.push({ line: item.line, urn: null, name: null, reason: item.reason, kept: false });
      continue;
    }
    if (!header) {
      header = giasHeader(item.fields);
      continue;
    }
    result.rows++;
    const la = giasCell(header, item.fields, 'laCode') ?? '';
    const seen = las.get(la) ?? { code: la, name: giasCell(header, item.fields, 'laName'), count: 0 };
    seen.count++;
    las.set(la, seen);
    if (wanted !== null && la !== wanted) {
      result.otherLa++;
      continue;
    }
    const r = giasRow(header, item.fields, item.line);
    if (r.kind === 'invalid') {
      result.problems.push({ ...r.note, kept: false });
      continue;
    }
    const e = r.establishment;
    const note = (reason: string, kept: boolean): GiasProblemRow => ({ line: item.line, urn: String(e.urn), name: e.name, reason, kept });
    const earlier = firstLine.get(e.urn);
    if (earlier) {
      const same = JSON.stringify(earlier.row) === JSON.stringify(e);
      result.problems.push(note(same ? `duplicate of line ${earlier.line}` : `URN ${e.urn} is also on line ${earlier.line}, with different details; the first is kept`, false));
      continue;
    }
    firstLine.set(e.urn, { line: item.line, row: e });
    if (!isOpenStatus(e.status)) {
      result.notOpen.push(e);
      if (!options.includeClosed) continue;
    }
    result.establishments.push(e);
    if (r.problems.length) problemsOf.set(e, r.problems.map((p) => note(p, true)));
  }
  if (!header) throw new GiasFormatError('the file is empty');

  // A school far from all the others has its coordinates keyed in wrong: treat them as missing.
  const placed = result.establishments.flatMap((e) => (e.latitude !== null && e.longitude !== null ? [{ e, at: { latitude: e.latitude, longitude: e.longitude } }] : []));
  const middle = placed.length >= 5 ? medianPoint(placed.map((p) => p.at)) : null;
  if (middle) {
    for (const { e, at } of placed) {
      const km = distanceKm(middle, at);
      if (km > FAR_FROM_LA_KM) {
        e.latitude = null;
        e.longitude = null;
        const list = problemsOf.get(e) ?? [];
        list.push({ line: firstLine.get(e.urn)?.line ?? 0, urn: String(e.urn), name: e.name, reason: `coordinates are ${Math.round(km)} km from the LA's other schools: not on the map`, kept: true });
        problemsOf.set(e, list);
      }
    }
  }
  for (const list of problemsOf.values()) result.problems.push(...list);
  result.problems.sort((a, b) => a.line - b.line);
  result.las = [...las.values()].sort((a, b) => b.count - a.count);
  result.encoding = encoding;
  return result;
}
