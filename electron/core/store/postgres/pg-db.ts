// How every PostgreSQL area runs its SQL: on the transaction's connection when called inside
// withTransaction (found by AsyncLocalStorage, like the SQLite gate), else on the pool.
// Hot statements pass a name: pg prepares them once per connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { oneRow } from './one-row.ts';
import { withPgTransaction } from './transaction.ts';

export class PgDb {
  readonly #pool: pg.Pool;
  readonly #tx = new AsyncLocalStorage<{ client: pg.PoolClient; savepoints: number }>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  get pool(): pg.Pool {
    return this.#pool;
  }

  async query<R extends object>(text: string, values: readonly unknown[] = [], name?: string): Promise<R[]> {
    const runner = this.#tx.getStore()?.client ?? this.#pool;
    const result = await runner.query<R>(name ? { name, text, values: [...values] } : { text, values: [...values] });
    return result.rows;
  }

  async one<R extends object>(text: string, values: readonly unknown[] = [], name?: string): Promise<R> {
    return oneRow(await this.query<R>(text, values, name), name ?? text.slice(0, 60));
  }

  async maybeOne<R extends object>(text: string, values: readonly unknown[] = [], name?: string): Promise<R | null> {
    return (await this.query<R>(text, values, name))[0] ?? null;
  }

  /** Rows changed by a write. */
  async run(text: string, values: readonly unknown[] = [], name?: string): Promise<number> {
    const runner = this.#tx.getStore()?.client ?? this.#pool;
    const result = await runner.query(name ? { name, text, values: [...values] } : { text, values: [...values] });
    return result.rowCount ?? 0;
  }

  /** All or nothing; nested calls are savepoints of the outer transaction. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const outer = this.#tx.getStore();
    if (outer) {
      const name = `nested_${++outer.savepoints}`;
      await outer.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await work();
        await outer.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw err;
      } finally {
        outer.savepoints--;
      }
    }
    return withPgTransaction(this.#pool, (client) => this.#tx.run({ client, savepoints: 0 }, work));
  }
}
