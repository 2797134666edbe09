// Hands memory back to the system after a burst of polling. V8 in Node 24 keeps the heap
// pages a burst freed resident in its page pool until a memory-reducing collection, and
// a console that is mostly idle between rounds never triggers one: after a cold round of
// 5,000 sites the process held ~550 MB of which ~120 MB was live heap (measured with
// /proc/self/smaps; Node 20 released the pool by itself). So the core checks now and then
// and, when its resident size has grown well past where the last trim left it and the
// poller is quiet, runs one last-resort collection, which empties the pool.
import v8 from 'node:v8';
import vm from 'node:vm';

/** V8's `gc` with options, as `--expose-gc` installs it. */
export type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

/**
 * V8's collector, obtained the way Jest's leak detector does: the flag is set only while
 * a fresh context is made, so `gc` never appears on this process's own global object.
 * Undefined where the runtime refuses (the trim then does nothing).
 */
export function exposeGc(): GcFunction | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as GcFunction) : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

export interface MemoryTrimOptions {
  gc: GcFunction | undefined;
  /** Resident set size in bytes. */
  rss: () => number;
  now: () => number;
  /** True while polling is busy: a trim then would be undone at once. */
  busy: () => boolean;
  /** Growth since the last trim that makes a trim worth its pause (default 64 MiB). */
  growthBytes?: number;
  /** Fewest milliseconds between two trims (default 30 s). */
  minGapMs?: number;
}

export interface TrimResult {
  beforeBytes: number;
  afterBytes: number;
  pauseMs: number;
}

export class MemoryTrim {
  readonly #o: Required<Omit<MemoryTrimOptions, 'gc'>> & { gc: GcFunction | undefined };
  /** Where the last trim (or the start) left the resident size. */
  #baseline: number;
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryTrimOptions) {
    this.#o = { growthBytes: 64 * 1_048_576, minGapMs: 30_000, ...options };
    this.#baseline = options.rss();
  }

  /** Trims when it is worth it; returns what it did, or undefined when it did nothing. */
  check(): TrimResult | undefined {
    const { gc, rss, now, busy, growthBytes, minGapMs } = this.#o;
    if (!gc || busy()) return undefined;
    const before = rss();
    // Below the baseline (the system already took pages back): follow it down.
    if (before < this.#baseline) this.#baseline = before;
    if (before - this.#baseline < growthBytes || now() - this.#lastAt < minGapMs) return undefined;
    const t0 = performance.now();
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const pauseMs = performance.now() - t0;
    const after = rss();
    // Memory that is really in use stays; the next trim waits for growth beyond it.
    this.#baseline = after;
    this.#lastAt = now();
    return { beforeBytes: before, afterBytes: after, pauseMs };
  }
}
