// A collector's hold on its share of the fleet. Every few seconds it renews its leases and
// takes or hands back sites (store.leases.claim); it polls a site only while its lease has
// time left on this machine's clock, counted conservatively from when the claim was sent and
// less a margin, so a collector cut off from the database stops before another may start.
import type { Logger } from '../log.ts';
import type { Leases } from '../store/store.ts';

export interface LeaseTimings {
  /** How long a lease lasts from its last renewal. Takeover after a crash takes up to ttl + every. */
  ttlMs: number;
  /** How often leases are renewed and the fleet shared out again. */
  everyMs: number;
  /** Polling stops this long before a lease runs out here. */
  marginMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { ttlMs: 40_000, everyMs: 10_000, marginMs: 5_000 };

export interface LeaseKeeperDeps {
  leases: Leases;
  collector: { id: string; name: string; listen?: string | null };
  log: Logger;
  /** A monotonic clock (performance.now), never the wall clock. */
  now: () => number;
  /** Told after each claim that changed what this collector holds. */
  onChange: (change: { gained: number[]; lost: number[] }) => void;
  timings?: Partial<LeaseTimings>;
}

export class LeaseKeeper {
  readonly #d: LeaseKeeperDeps;
  readonly #t: LeaseTimings;
  /** Site → the local time until which this collector may poll it. */
  #until = new Map<number, number>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #ticking: Promise<void> = Promise.resolve();

  constructor(deps: LeaseKeeperDeps) {
    this.#d = deps;
    this.#t = { ...DEFAULT_LEASE_TIMINGS, ...deps.timings };
  }

  get id(): string {
    return this.#d.collector.id;
  }

  /** Other collectors alive now (heartbeat within a lease's ttl). */
  async othersAlive(): Promise<string[]> {
    return (await this.#d.leases.live(this.#t.ttlMs)).filter((id) => id !== this.#d.collector.id);
  }

  owns(siteId: number): boolean {
    return (this.#until.get(siteId) ?? 0) > this.#d.now();
  }

  /** Sites this collector may poll now. */
  owned(): number[] {
    const now = this.#d.now();
    return [...this.#until].filter(([, until]) => until > now).map(([id]) => id);
  }

  async start(): Promise<void> {
    await this.#d.leases.register(this.#d.collector);
    await this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#t.everyMs);
    this.#timer.unref();
  }

  /** One renewal and share-out; a failure is logged and the leases held simply run down. */
  tick(): Promise<void> {
    this.#ticking = this.#ticking.then(() => this.#claim());
    return this.#ticking;
  }

  async #claim(): Promise<void> {
    const sent = this.#d.now();
    try {
      const r = await this.#d.leases.claim(this.#d.collector.id, this.#t.ttlMs);
      const before = new Set(this.owned());
      const until = new Map<number, number>();
      for (const l of r.leases) until.set(l.siteId, sent + (l.expiresAt - r.at) - this.#t.marginMs);
      this.#until = until;
      const after = new Set(this.owned());
      const gained = [...after].filter((id) => !before.has(id));
      const lost = [...before].filter((id) => !after.has(id));
      if (gained.length || lost.length) {
        this.#d.log.info('leases changed', { collector: this.#d.collector.id, holds: after.size, gained: gained.length, lost: lost.length, share: r.share });
        this.#d.onChange({ gained, lost });
      }
    } catch (err) {
      this.#d.log.error('could not renew leases; polling stops as they run out', { collector: this.#d.collector.id, err });
    }
  }

  /** A clean stop: the leases go back at once, so another collector takes the sites without waiting. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#ticking;
    this.#until.clear();
    try {
      await this.#d.leases.release(this.#d.collector.id);
    } catch (err) {
      this.#d.log.warn('could not hand back leases; they run out by themselves', { err });
    }
  }
}
