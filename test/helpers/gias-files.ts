// GIAS extracts for tests: the Brackenfield fixture as rows, edited, and written back as the
// bytes GIAS sends (Windows-1252) or as a person's re-save (UTF-8, BOM), and hostile variants.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { UPLOAD_CHUNK_BYTES } from '../../shared/contract.ts';

export const GIAS_FIXTURE = fileURLToPath(new URL('../fixtures/gias-brackenfield.csv', import.meta.url));

export interface GiasTable {
  header: string[];
  rows: string[][];
}

export function fixtureTable(): GiasTable {
  const text = iconv.decode(readFileSync(GIAS_FIXTURE), 'windows-1252');
  const [header, ...rows] = parse(text, { relax_column_count: true });
  return { header: header ?? [], rows };
}

/** Sets a cell by column name in the row whose URN is `urn`. */
export function setCell(t: GiasTable, urn: number, column: string, value: string): void {
  const i = t.header.indexOf(column);
  const row = t.rows.find((r) => r[0] === String(urn));
  if (i < 0 || !row) throw new Error(`no ${column} or URN ${urn}`);
  row[i] = value;
}

export function cell(t: GiasTable, urn: number, column: string): string {
  return t.rows.find((r) => r[0] === String(urn))?.[t.header.indexOf(column)] ?? '';
}

/** RFC 4180 text, every field quoted, as GIAS writes it (no formula guard: this is the source file). */
export function tableText(t: GiasTable, eol = '\r\n'): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [t.header, ...t.rows].map((r) => r.map(q).join(',')).join(eol) + eol;
}

export const windows1252 = (text: string): Buffer => iconv.encode(text, 'windows-1252');
export const utf8WithBom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

/** The same extract with 140 columns (padding ones added) in a shuffled order, every row alike. */
export function widenAndShuffle(t: GiasTable, seed = 7): GiasTable {
  const extra = Array.from({ length: 140 - t.header.length }, (_, i) => `Extra column ${i + 1}`);
  const header = [...t.header, ...extra];
  const rows = t.rows.map((r) => [...r, ...extra.map((_, i) => `x${i}`)]);
  const order = header.map((_, i) => i);
  let s = seed;
  for (let i = order.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return { header: order.map((i) => header[i] ?? ''), rows: rows.map((r) => order.map((i) => r[i] ?? '')) };
}

type Ask = (channel: string, payload: unknown) => Promise<{ ok: boolean; data?: unknown; error?: unknown }>;

/** Uploads bytes through files.begin/chunk, as the renderer does; returns the upload id. */
export async function uploadBytes(ask: Ask, name: string, bytes: Buffer): Promise<string> {
  const begun = await ask('files.begin', { name, size: bytes.length });
  if (!begun.ok) throw new Error(JSON.stringify(begun.error));
  const { id } = begun.data as { id: string };
  for (let offset = 0; offset < bytes.length; offset += UPLOAD_CHUNK_BYTES) {
    const r = await ask('files.chunk', { id, offset, data: bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES).toString('base64') });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  return id;
}
