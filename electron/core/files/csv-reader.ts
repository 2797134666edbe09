// The project's one CSV reader: csv-parse (RFC 4180), streamed, over the bytes as latin1, with
// the few fields that hold high bytes decoded afterwards (iconv-lite's table). GIAS extracts are Windows-1252; people re-save them as UTF-8, with or without a
// BOM. The encoding is decided at the first byte above 0x7F (ASCII is the same in both): a
// valid UTF-8 sequence there means UTF-8, anything else Windows-1252. A bad record (a stray
// quote, a file that ends inside quotes) is reported with its line and the rest goes on.
import { createReadStream } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';

export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvReadOptions {
  /** Force an encoding; by default it is detected (see the header comment). */
  encoding?: CsvEncoding;
  /** Called with the bytes read so far, at most every 256 KiB. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  /** Told the encoding once the whole source is read (null: it was all ASCII). */
  onEncoding?: (encoding: CsvEncoding | null) => void;
}

export type CsvItem = ({ kind: 'record' } & CsvRecord) | ({ kind: 'problem' } & CsvProblem);

/** The length of the UTF-8 sequence starting at bytes[i], 0 if it is not one, -1 if the chunk ends first. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0) return 0;
  for (let k = 1; k < len; k++) {
    if (i + k >= bytes.length) return -1;
    if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  }
  return len;
}

const BOM = Buffer.of(0xef, 0xbb, 0xbf);

/**
 * Watches a byte stream go by and names its encoding at the first non-ASCII byte; strips a
 * UTF-8 BOM. The bytes pass through unchanged: csv-parse reads them as latin1 (one character
 * per byte, so quotes, commas and line ends are found exactly as in either encoding) and
 * `decodeField` turns the few fields with high bytes into their real text. Decoding the whole
 * file first and handing csv-parse text costs a decode and a re-encode of every byte.
 */
export class EncodingSniffer extends Transform {
  #encoding: CsvEncoding | null;
  #tail: Buffer | null = null;
  #start = true;
  #bytes = 0;
  #reported = 0;
  readonly #onProgress: ((bytes: number) => void) | undefined;

  constructor(encoding?: CsvEncoding, onProgress?: (bytes: number) => void) {
    super();
    this.#encoding = encoding ?? null;
    this.#onProgress = onProgress;
  }

  /** The encoding chosen, or null while everything read so far was ASCII. */
  get encoding(): CsvEncoding | null {
    return this.#encoding;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#onProgress && this.#bytes - this.#reported >= 256 * 1024) {
      this.#reported = this.#bytes;
      this.#onProgress(this.#bytes);
    }
    let bytes = chunk;
    if (this.#start) {
      const head = this.#tail ? Buffer.concat([this.#tail, chunk]) : chunk;
      this.#tail = null;
      if (head.length < 3 && BOM.subarray(0, head.length).equals(head)) {
        this.#tail = head; // maybe a BOM split across chunks
        return done();
      }
      this.#start = false;
      bytes = head.subarray(0, 3).equals(BOM) ? head.subarray(3) : head;
      if (bytes !== head) this.#encoding ??= 'utf-8';
    }
    if (this.#encoding === null) this.#sniff(bytes);
    done(null, bytes);
  }

  #sniff(bytes: Buffer): void {
    // A sequence cut by the chunk's end is judged with the next chunk's first bytes.
    const seen = this.#tail ? Buffer.concat([this.#tail, bytes.subarray(0, 3)]) : bytes;
    this.#tail = null;
    let i = 0;
    while (i < seen.length && (seen[i] ?? 0) < 0x80) i++;
    if (i === seen.length) return;
    const seq = utf8SequenceAt(seen, i);
    if (seq === -1) this.#tail = Buffer.from(seen.subarray(i));
    else this.#encoding = seq > 0 ? 'utf-8' : 'windows-1252';
  }

  override _flush(done: TransformCallback): void {
    this.#onProgress?.(this.#bytes);
    if (this.#start && this.#tail) return done(null, this.#tail); // a file of one or two bytes
    if (this.#encoding === null && this.#tail) this.#encoding = 'windows-1252'; // cut off at the very end: not UTF-8
    done();
  }
}

const HIGH = /[\x80-\xff]/;
const C1 = /[\x80-\x9f]/g;
/** Windows-1252's 0x80–0x9F (curly quotes, dashes, €); from 0xA0 up it is latin1. */
const CP1252_C1 = Array.from({ length: 32 }, (_, i) => iconv.decode(Buffer.of(0x80 + i), 'windows-1252'));

/** A field csv-parse read as latin1, as the text it is in `encoding`. */
export function decodeField(field: string, encoding: CsvEncoding | null): string {
  if (!HIGH.test(field)) return field;
  return encoding === 'utf-8' ? Buffer.from(field, 'latin1').toString('utf8') : field.replace(C1, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

const newlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

function describe(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'the file ends inside a quoted field (is the last line cut off?)';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote in the middle of a field; quotes must surround the whole field and be doubled inside it';
    default:
      return err.message.replace(/^Invalid Record Length: /, '');
  }
}

/**
 * Every record of a CSV source (a file path, bytes or text), in order, with the line it starts on.
 * Records csv-parse cannot read come out as problems; nothing from the file is ever evaluated.
 */
export async function* readCsv(source: string | Uint8Array | { text: string }, options: CsvReadOptions = {}): AsyncGenerator<CsvItem> {
  const isText = typeof source === 'object' && 'text' in source;
  const bytes: Readable =
    typeof source === 'string'
      ? createReadStream(source, { highWaterMark: 256 * 1024, ...(options.signal ? { signal: options.signal } : {}) })
      : Readable.from([isText ? Buffer.from(source.text, 'utf8') : Buffer.from(source)]);
  const parser = parse({ encoding: 'latin1', relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true });
  const problems: CsvProblem[] = [];
  parser.on('skip', (err: CsvError) => problems.push({ line: Number(err.lines) || 0, reason: describe(err) }));
  const sniffer = new EncodingSniffer(isText ? 'utf-8' : options.encoding, options.onProgress);
  bytes.on('error', (err) => parser.destroy(err));
  sniffer.on('error', (err) => parser.destroy(err));
  bytes.pipe(sniffer).pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (problems.length) yield { kind: 'problem', ...(problems.shift() as CsvProblem) };
    const fields = item.record;
    let inside = 0;
    // The sniffer is upstream of the parser, so a field with high bytes comes after the encoding is known.
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] ?? '';
      if (f.includes('\n')) inside += newlines(f);
      fields[i] = decodeField(f, sniffer.encoding);
    }
    yield { kind: 'record', line: item.info.lines - inside, fields };
  }
  while (problems.length) yield { kind: 'problem', ...(problems.shift() as CsvProblem) };
  options.onEncoding?.(sniffer.encoding);
}

/** A whole small CSV in memory (term dates, a host inventory): records and problems. */
export async function readCsvAll(source: string | Uint8Array | { text: string }, options: CsvReadOptions = {}): Promise<{ records: CsvRecord[]; problems: CsvProblem[] }> {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  for await (const item of readCsv(source, options)) {
    if (item.kind === 'record') records.push({ line: item.line, fields: item.fields });
    else problems.push({ line: item.line, reason: item.reason });
  }
  return { records, problems };
}
