// A counting limiter whose slots are leases: a holder that has not finished within
// `leaseMs` gives its slot back anyway. The limits protect this machine's CPU and
// sockets; a black-holed or hung site uses neither, so it must not hold a slot and
// delay healthy sites behind it.

export interface Lease {
  release(): void;
}

export class LeaseLimiter {
  readonly #max: number;
  readonly #leaseMs: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number, leaseMs: number) {
    if (max < 1) throw new Error('a limiter needs at least one slot');
    this.#max = max;
    this.#leaseMs = leaseMs;
  }

  get active(): number {
    return this.#active;
  }
  get queued(): number {
    return this.#waiting.length;
  }

  async acquire(): Promise<Lease> {
    if (this.#active >= this.#max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    let held = true;
    const free = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      const next = this.#waiting.shift();
      // Hand the slot straight to the next waiter, so the count never dips and overshoots.
      if (next) next();
      else this.#active--;
    };
    const timer = setTimeout(free, this.#leaseMs);
    timer.unref();
    return { release: free };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    try {
      return await fn();
    } finally {
      lease.release();
    }
  }
}
