// Structured logs: one JSON object per line, in a file that rotates by size.
// Secrets are redacted by key before anything is written.
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word|phrase)?|secret|private.?key|token|credential|authorization|^key$/i;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** Copies a value with secret-looking keys and PEM blocks replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return value.replace(PEM, '[redacted key]');
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export interface FileLoggerOptions {
  dir: string;
  name?: string;
  level?: LogLevel;
  /** Rotate when the file passes this size. */
  maxBytes?: number;
  /** Rotated files kept: name.1.log … name.N.log. */
  keep?: number;
  /** Also echo to stderr (development, the server). */
  echo?: boolean;
}

class RotatingFile {
  private size: number;
  private fd: number | null = null;
  private readonly file: string;
  private readonly opts: Required<Pick<FileLoggerOptions, 'dir' | 'name' | 'maxBytes' | 'keep'>>;
  constructor(opts: Required<Pick<FileLoggerOptions, 'dir' | 'name' | 'maxBytes' | 'keep'>>) {
    this.opts = opts;
    fs.mkdirSync(opts.dir, { recursive: true });
    this.file = path.join(opts.dir, `${opts.name}.log`);
    this.size = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
  }
  write(line: string): void {
    try {
      if (this.size + line.length > this.opts.maxBytes) this.rotate();
      this.fd ??= fs.openSync(this.file, 'a', 0o600);
      fs.writeSync(this.fd, line);
      this.size += Buffer.byteLength(line);
    } catch {
      // A full disk or a lost folder must not take the app down with it; the log is best effort.
    }
  }
  private rotate(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    const { dir, name, keep } = this.opts;
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(dir, `${name}.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, `${name}.${i + 1}.log`));
    }
    if (fs.existsSync(this.file)) fs.renameSync(this.file, path.join(dir, `${name}.1.log`));
    this.size = 0;
  }
  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

export interface ClosableLogger extends Logger {
  close(): void;
  readonly file: string | null;
}

export function createLogger(opts: FileLoggerOptions | null, base: LogFields = {}): ClosableLogger {
  const min = LEVELS[opts?.level ?? 'info'];
  const sink = opts ? new RotatingFile({ dir: opts.dir, name: opts.name ?? 'console', maxBytes: opts.maxBytes ?? 5 * 1024 * 1024, keep: opts.keep ?? 5 }) : null;
  const echo = opts?.echo ?? false;
  const make = (bound: LogFields): ClosableLogger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
      if (LEVELS[level] < min) return;
      const entry = { ts: new Date().toISOString(), level, msg: redact(msg), ...(redact({ ...bound, ...fields }) as LogFields) };
      const line = `${JSON.stringify(entry)}\n`;
      sink?.write(line);
      if (echo) process.stderr.write(line);
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...bound, ...fields }),
      close: () => sink?.close(),
      file: opts ? path.join(opts.dir, `${opts.name ?? 'console'}.log`) : null,
    };
  };
  return make(base);
}

export const silentLogger: Logger = createLogger(null);
