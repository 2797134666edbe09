// A counting limiter whose slots are leases: a holder that has not finished within
// `leaseMs` gives its slot back anyway. The limits protect this machine's CPU and
// sockets; a black-holed or hung site uses neither, so it must not hold a slot and
// delay healthy sites behind it. A second, hard limit still counts expired holders
// until they really finish, so a storm of slow work cannot grow without bound (every
// holder keeps buffers and a socket, and the memory high-water mark stays with the process).

export interface Lease {
  release(): void;
}

export class LeaseLimiter {
  readonly #max: number;
  readonly #hardMax: number;
  readonly #leaseMs: number;
  /** Holders whose lease has not expired. */
  #active = 0;
  /** All holders, expired leases included. */
  #holding = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number, leaseMs: number, hardMax = Math.max(max * 4, max + 64)) {
    if (max < 1) throw new Error('a limiter needs at least one slot');
    this.#max = max;
    this.#hardMax = Math.max(max, hardMax);
    this.#leaseMs = leaseMs;
  }

  get active(): number {
    return this.#active;
  }
  get holding(): number {
    return this.#holding;
  }
  /** True when a new holder would have to wait. */
  get full(): boolean {
    return !this.#hasRoom();
  }
  get queued(): number {
    return this.#waiting.length;
  }

  async acquire(): Promise<Lease> {
    // The slot is counted by whoever grants it (here, or #wake), so none is granted twice.
    if (this.#hasRoom()) this.#take();
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let leased = true;
    let held = true;
    const expire = () => {
      if (!leased) return;
      leased = false;
      this.#active--;
      this.#wake();
    };
    const timer = setTimeout(expire, this.#leaseMs);
    timer.unref();
    return {
      release: () => {
        if (!held) return;
        held = false;
        clearTimeout(timer);
        this.#holding--;
        if (leased) {
          leased = false;
          this.#active--;
        }
        this.#wake();
      },
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    try {
      return await fn();
    } finally {
      lease.release();
    }
  }

  #hasRoom(): boolean {
    return this.#active < this.#max && this.#holding < this.#hardMax;
  }

  #take(): void {
    this.#active++;
    this.#holding++;
  }

  #wake(): void {
    while (this.#waiting.length > 0 && this.#hasRoom()) {
      this.#take();
      this.#waiting.shift()?.();
    }
  }
}
