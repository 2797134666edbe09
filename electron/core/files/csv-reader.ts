// The project's one CSV reader: csv-parse (RFC 4180), streamed, over bytes decoded by
// iconv-lite. GIAS extracts are Windows-1252; people re-save them as UTF-8, with or without a
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

/** Decodes a byte stream to text, choosing the encoding at the first non-ASCII byte. */
export class DetectingDecoder extends Transform {
  #decoder: { write(b: Buffer): string; end(): string | undefined } | null = null;
  #held: Buffer = Buffer.alloc(0);
  #encoding: CsvEncoding | null;
  #bytes = 0;
  #reported = 0;
  readonly #onProgress: ((bytes: number) => void) | undefined;

  constructor(encoding?: CsvEncoding, onProgress?: (bytes: number) => void) {
    super({ decodeStrings: true, encoding: 'utf8' });
    this.#encoding = encoding ?? null;
    this.#onProgress = onProgress;
    if (encoding) this.#decoder = iconv.getDecoder(encoding, { stripBOM: true });
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
    if (this.#decoder) return done(null, this.#decoder.write(chunk));
    const bytes = this.#held.length ? Buffer.concat([this.#held, chunk]) : chunk;
    this.#held = Buffer.alloc(0);
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (start === 0 && bytes.length < 3 && bytes.every((b) => b === 0xef || b === 0xbb)) {
      this.#held = Buffer.from(bytes); // maybe a BOM split across chunks
      return done();
    }
    if (start === 3) return this.#choose('utf-8', bytes.subarray(3), done);
    let i = 0;
    while (i < bytes.length && (bytes[i] ?? 0) < 0x80) i++;
    if (i === bytes.length) return done(null, bytes.toString('latin1'));
    const seq = utf8SequenceAt(bytes, i);
    if (seq === -1) {
      this.#held = Buffer.from(bytes.subarray(i));
      return done(null, bytes.subarray(0, i).toString('latin1'));
    }
    this.#choose(seq > 0 ? 'utf-8' : 'windows-1252', bytes, done);
  }

  #choose(encoding: CsvEncoding, bytes: Buffer, done: TransformCallback): void {
    this.#encoding = encoding;
    this.#decoder = iconv.getDecoder(encoding, { stripBOM: true });
    done(null, this.#decoder.write(bytes));
  }

  override _flush(done: TransformCallback): void {
    this.#onProgress?.(this.#bytes);
    // Everything was ASCII, bar perhaps a cut-off sequence at the very end: that is not UTF-8.
    if (!this.#decoder) return done(null, this.#held.length ? iconv.decode(this.#held, 'windows-1252') : '');
    done(null, this.#decoder.end() ?? '');
  }
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
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, info: true });
  const problems: CsvProblem[] = [];
  parser.on('skip', (err: CsvError) => problems.push({ line: Number(err.lines) || 0, reason: describe(err) }));
  const decoder = new DetectingDecoder(isText ? 'utf-8' : options.encoding, options.onProgress);
  bytes.on('error', (err) => parser.destroy(err));
  decoder.on('error', (err) => parser.destroy(err));
  bytes.pipe(decoder).pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (problems.length) yield { kind: 'problem', ...(problems.shift() as CsvProblem) };
    const inside = item.record.reduce((n, f) => n + newlines(f), 0);
    yield { kind: 'record', line: item.info.lines - inside, fields: item.record };
  }
  while (problems.length) yield { kind: 'problem', ...(problems.shift() as CsvProblem) };
  options.onEncoding?.(decoder.encoding);
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
