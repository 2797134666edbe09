// Work a service started and did not wait for: each task's failure is logged, never lost,
// and `idle()` waits for all of it (tasks that start more tasks included) before a close.
export class TaskSet {
  readonly #running = new Set<Promise<unknown>>();
  readonly #onError: (err: unknown) => void;

  constructor(onError: (err: unknown) => void) {
    this.#onError = onError;
  }

  track(p: Promise<unknown>): void {
    const tracked = p.catch(this.#onError).finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  async idle(): Promise<void> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
  }
}
