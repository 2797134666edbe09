// Tells the windows what moved, at most once per interval: a rollout or a run over hundreds
// of sites changes thousands of times, and each push makes every window read again.
export class PushBatch {
  readonly #ms: number;
  readonly #flush: (ids: number[] | 'all') => void;
  readonly #ids = new Set<number>();
  #all = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(ms: number, flush: (ids: number[] | 'all') => void) {
    this.#ms = ms;
    this.#flush = flush;
  }

  add(ids: Iterable<number> | 'all'): void {
    if (this.#closed) return;
    if (ids === 'all') this.#all = true;
    else for (const id of ids) this.#ids.add(id);
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.flush(), this.#ms);
    this.#timer.unref();
  }

  /** Pushes what is pending now, without waiting for the interval. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#all && this.#ids.size === 0) return;
    const out = this.#all ? ('all' as const) : [...this.#ids];
    this.#ids.clear();
    this.#all = false;
    this.#flush(out);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
