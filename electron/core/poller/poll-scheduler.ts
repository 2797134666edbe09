// Schedules each site on its own timer. A site's next poll is planned only after its
// last one ends (polls of one site never overlap), with jitter so a fleet added at once
// spreads out, and with backoff while a site keeps failing at the transport level.
// One site's slowness never delays another: there is no shared queue to wait in.

export interface PollOutcome {
  /** Consecutive transport failures (unreachable, timeouts): drives backoff. */
  transportFailures: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  poll: (siteId: number) => Promise<PollOutcome>;
  intervalMs: (siteId: number) => number;
  /** ± fraction of the interval. */
  jitter?: number;
  /** Backoff never plans further out than this. */
  maxBackoffMs?: number;
  random?: () => number;
  timers?: Timers;
  onError?: (siteId: number, err: unknown) => void;
}

interface SiteSlot {
  timer: unknown;
  running: Promise<void> | null;
  /** Another poll was asked for while one ran: run once more right after. */
  again: boolean;
}

export class PollScheduler {
  readonly #opts: Required<Omit<SchedulerOptions, 'onError'>> & Pick<SchedulerOptions, 'onError'>;
  readonly #sites = new Map<number, SiteSlot>();
  #paused = false;

  constructor(opts: SchedulerOptions) {
    this.#opts = { jitter: 0.1, maxBackoffMs: 15 * 60_000, random: Math.random, timers: realTimers, ...opts };
  }

  get paused(): boolean {
    return this.#paused;
  }
  get siteCount(): number {
    return this.#sites.size;
  }
  isRunning(siteId: number): boolean {
    return this.#sites.get(siteId)?.running != null;
  }

  /** Starts watching a site; its first poll comes after `firstDelayMs` (spread by jitter). */
  add(siteId: number, firstDelayMs = 0): void {
    if (this.#sites.has(siteId)) return;
    const slot: SiteSlot = { timer: null, running: null, again: false };
    this.#sites.set(siteId, slot);
    this.#plan(siteId, slot, firstDelayMs + this.#opts.random() * Math.min(30_000, this.#opts.intervalMs(siteId)) * this.#opts.jitter);
  }

  remove(siteId: number): void {
    const slot = this.#sites.get(siteId);
    if (!slot) return;
    this.#opts.timers.clearTimeout(slot.timer);
    this.#sites.delete(siteId);
  }

  /** Stops planning polls. Polls under way finish; nothing new starts until resume(). */
  pause(): void {
    this.#paused = true;
    for (const slot of this.#sites.values()) {
      this.#opts.timers.clearTimeout(slot.timer);
      slot.timer = null;
    }
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    for (const [id, slot] of this.#sites) if (!slot.running) this.#plan(id, slot, this.#opts.random() * 5_000);
  }

  /**
   * Polls these sites now (all when ids is omitted) and resolves when each has had a
   * poll that started no earlier than this call. Works while paused.
   */
  async pollNow(ids?: readonly number[]): Promise<void> {
    const targets = ids ?? [...this.#sites.keys()];
    await Promise.all(
      targets.map(async (id) => {
        const slot = this.#sites.get(id);
        if (!slot) return;
        if (slot.running) {
          // A poll that began before this call may have read stale state: ask for one more.
          slot.again = true;
          await slot.running;
          if (slot.running !== null) await slot.running;
          return;
        }
        this.#opts.timers.clearTimeout(slot.timer);
        slot.timer = null;
        await this.#run(id, slot);
      }),
    );
  }

  stop(): void {
    for (const slot of this.#sites.values()) this.#opts.timers.clearTimeout(slot.timer);
    this.#sites.clear();
  }

  #plan(siteId: number, slot: SiteSlot, delayMs: number): void {
    if (this.#paused) return;
    this.#opts.timers.clearTimeout(slot.timer);
    slot.timer = this.#opts.timers.setTimeout(() => {
      slot.timer = null;
      void this.#run(siteId, slot);
    }, Math.max(0, delayMs));
  }

  #run(siteId: number, slot: SiteSlot): Promise<void> {
    const run = (async () => {
      let outcome: PollOutcome = { transportFailures: 0 };
      try {
        outcome = await this.#opts.poll(siteId);
      } catch (err) {
        this.#opts.onError?.(siteId, err);
      }
      if (this.#sites.get(siteId) !== slot) return; // removed while polling
      slot.running = null;
      if (slot.again) {
        slot.again = false;
        slot.running = this.#run(siteId, slot);
        return;
      }
      this.#plan(siteId, slot, this.#nextDelay(siteId, outcome));
    })();
    slot.running = run;
    return run;
  }

  #nextDelay(siteId: number, outcome: PollOutcome): number {
    const interval = this.#opts.intervalMs(siteId);
    const { jitter, maxBackoffMs, random } = this.#opts;
    const backoff = outcome.transportFailures > 1 ? Math.min(interval * 2 ** (outcome.transportFailures - 1), Math.max(interval, maxBackoffMs)) : interval;
    return backoff * (1 + (random() * 2 - 1) * jitter);
  }
}
