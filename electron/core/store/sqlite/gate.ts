// One SQLite connection serves the whole core, and a transaction that awaits between its
// statements would otherwise take in whatever else ran meanwhile. The gate lets one
// transaction hold the connection at a time: calls made inside it (found by their async
// context) go straight through, every other call waits for it to end.
import { AsyncLocalStorage } from 'node:async_hooks';

export class Gate {
  readonly #inside = new AsyncLocalStorage<symbol>();
  #owner: symbol | null = null;
  #released: Promise<void> = Promise.resolve();
  #queue: Promise<void> = Promise.resolve();

  /** True when the caller is inside the transaction that holds the gate. */
  get mine(): boolean {
    return this.#owner !== null && this.#inside.getStore() === this.#owner;
  }

  /** Runs a statement: now if nobody holds the gate (or the caller does), else once it is free. */
  run<R>(statement: () => R): Promise<R> {
    if (this.#owner === null || this.mine) {
      try {
        return Promise.resolve(statement());
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return this.#released.then(() => this.run(statement));
  }

  /** Holds the gate for `work`, in order of asking; a transaction nested in the holder's runs inside it. */
  async hold<R>(work: () => Promise<R>): Promise<R> {
    if (this.mine) return work();
    const turn = this.#queue;
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#queue = turn.then(() => done);
    await turn;
    const owner = Symbol('transaction');
    this.#owner = owner;
    this.#released = done;
    try {
      return await this.#inside.run(owner, work);
    } finally {
      this.#owner = null;
      release();
    }
  }
}
