// Files people bring to the console (a GIAS extract, a host inventory, term dates) arrive
// in chunks over the contract: the same path for the desktop's file picker and a browser's
// upload, within the WebSocket's 1 MiB message cap, and never whole in memory. Each upload is
// a file under dataDir/uploads until it is used, discarded or an hour old.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../shared/clock.ts';
import { AppFailure } from '../../../shared/result.ts';

/** Bigger than any national GIAS extract (about 60 MB) with room to spare. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const MAX_AGE_MS = 60 * 60_000;

interface Upload {
  name: string;
  size: number;
  received: number;
  startedAt: number;
}

export interface UploadInfo {
  id: string;
  name: string;
  size: number;
  path: string;
}

export class Uploads {
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #open = new Map<string, Upload>();

  constructor(dataDir: string, clock: Clock) {
    this.#dir = path.join(dataDir, 'uploads');
    this.#clock = clock;
    // What a crashed run left behind is of no use to anyone: its session is gone.
    rmSync(this.#dir, { recursive: true, force: true });
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
  }

  begin(name: string, size: number): { id: string } {
    this.sweep();
    if (size > MAX_UPLOAD_BYTES) throw new AppFailure('validation', `The file is ${Math.round(size / 1048576)} MB; the most the console takes is ${MAX_UPLOAD_BYTES / 1048576} MB`);
    const id = randomUUID();
    this.#open.set(id, { name, size, received: 0, startedAt: this.#clock.now() });
    return { id };
  }

  /** Appends a chunk at `offset`. A chunk sent twice (a retry after a lost answer) is taken once. */
  async append(id: string, offset: number, bytes: Buffer): Promise<{ received: number }> {
    const up = this.#get(id);
    if (offset + bytes.length <= up.received) return { received: up.received };
    if (offset !== up.received) throw new AppFailure('conflict', `Expected the chunk at byte ${up.received}, got ${offset}`);
    if (up.received + bytes.length > up.size) throw new AppFailure('validation', 'The file is bigger than announced');
    try {
      await appendFile(this.#file(id), bytes, { mode: 0o600 });
    } catch (err) {
      this.discard(id);
      throw err;
    }
    up.received += bytes.length;
    return { received: up.received };
  }

  /** A complete upload, ready to read. */
  async complete(id: string): Promise<UploadInfo> {
    const up = this.#get(id);
    if (up.received !== up.size) throw new AppFailure('validation', `The upload of ${up.name} is incomplete (${up.received} of ${up.size} bytes); send it again`);
    const file = this.#file(id);
    if (up.size === 0) return { id, name: up.name, size: 0, path: file };
    const onDisk = await stat(file);
    if (onDisk.size !== up.size) throw new AppFailure('internal', `The upload of ${up.name} was damaged on disk; send it again`);
    return { id, name: up.name, size: up.size, path: file };
  }

  discard(id: string): void {
    this.#open.delete(id);
    rmSync(this.#file(id), { force: true });
  }

  /** Drops uploads nobody used within the hour. */
  sweep(): void {
    const now = this.#clock.now();
    for (const [id, up] of this.#open) if (now - up.startedAt > MAX_AGE_MS) this.discard(id);
    for (const name of readdirSync(this.#dir)) {
      if (!this.#open.has(name) && now - statSync(path.join(this.#dir, name)).mtimeMs > MAX_AGE_MS) rmSync(path.join(this.#dir, name), { force: true });
    }
  }

  #get(id: string): Upload {
    const up = this.#open.get(id);
    if (!up) throw new AppFailure('not_found', 'That upload has expired or was never started; choose the file again');
    return up;
  }

  #file(id: string): string {
    return path.join(this.#dir, id);
  }
}
