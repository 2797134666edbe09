// How every PostgreSQL area runs its SQL: on the transaction's connection when called inside
// withTransaction (found by AsyncLocalStorage, like the SQLite gate), else on the pool.
// Hot statements pass a name: pg prepares them once per connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { oneRow } from './one-row.ts';
import { withPgTransaction } from './transaction.ts';

/** A transaction's one connection. Its statements go one after another: a connection runs one query at a time. */
interface Tx {
  client: pg.PoolClient;
  savepoints: number;
  queue: Promise<unknown>;
}

export class PgDb {
  readonly #pool: pg.Pool;
  readonly #tx = new AsyncLocalStorage<Tx>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  get pool(): pg.Pool {
    return this.#pool;
  }

  async query<R extends object>(text: string, values: readonly unknown[] = [], name?: string): Promise<R[]> {
    return (await this.#run<R>(text, values, name)).rows;
  }

  #run<R extends object>(text: string, values: readonly unknown[], name: string | undefined): Promise<pg.QueryResult<R>> {
    const config = name ? { name, text, values: [...values] } : { text, values: [...values] };
    const tx = this.#tx.getStore();
    if (!tx) return this.#pool.query<R>(config);
    // Statements issued together inside a transaction (Promise.all) queue here, not inside pg.
    const next = tx.queue.then(() => tx.client.query<R>(config));
    tx.queue = next.catch(() => undefined);
    return next;
  }

  async one<R extends object>(text: string, values: readonly unknown[] = [], name?: string): Promise<R> {
    return oneRow(await this.query<R>(text, values, name), name ?? text.slice(0, 60));
  }

  async maybeOne<R extends object>(text: string, values: readonly unknown[] = [], name?: string): Promise<R | null> {
    return (await this.query<R>(text, values, name))[0] ?? null;
  }

  /** Rows changed by a write. */
  async run(text: string, values: readonly unknown[] = [], name?: string): Promise<number> {
    return (await this.#run(text, values, name)).rowCount ?? 0;
  }

  /** All or nothing; nested calls are savepoints of the outer transaction. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.#tx.getStore();
    if (outer) {
      const name = `nested_${++outer.savepoints}`;
      await this.#run(`SAVEPOINT ${name}`, [], undefined);
      try {
        const result = await work();
        await this.#run(`RELEASE SAVEPOINT ${name}`, [], undefined);
        return result;
      } catch (err) {
        await this.#run(`ROLLBACK TO SAVEPOINT ${name}`, [], undefined);
        throw err;
      } finally {
        outer.savepoints--;
      }
    }
    return withPgTransaction(this.#pool, (client) => this.#tx.run({ client, savepoints: 0, queue: Promise.resolve() }, work));
  }
}
