// Collectors sharing a database tell each other what changed with LISTEN/NOTIFY. A notice is
// a hint to read again (it can be missed while a connection is down, and then the next read
// catches up); it never carries the data itself. One dedicated connection listens.
import type pg from 'pg';
import type { ChangeFeed, ChangeHint } from '../store.ts';

const CHANNEL = 'b2b_changes';
/** NOTIFY payloads stop at 8000 bytes: a hint naming more sites than this says "everything". */
const MAX_IDS = 500;

export class PgChangeFeed implements ChangeFeed {
  readonly #pool: pg.Pool;
  readonly #listeners = new Set<(hint: ChangeHint) => void>();
  #client: pg.PoolClient | null = null;
  #closed = false;
  readonly #onError: (err: unknown) => void;

  constructor(pool: pg.Pool, onError: (err: unknown) => void) {
    this.#pool = pool;
    this.#onError = onError;
  }

  async publish(hint: ChangeHint): Promise<void> {
    const ids = hint.ids.length > MAX_IDS ? [] : hint.ids;
    await this.#pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ ...hint, ids })]);
  }

  subscribe(listener: (hint: ChangeHint) => void): () => void {
    this.#listeners.add(listener);
    if (!this.#client) void this.#listen();
    return () => this.#listeners.delete(listener);
  }

  async #listen(): Promise<void> {
    try {
      const client = await this.#pool.connect();
      this.#client = client;
      client.on('notification', (n) => {
        if (n.channel !== CHANNEL || !n.payload) return;
        let hint: ChangeHint;
        try {
          hint = JSON.parse(n.payload) as ChangeHint;
        } catch {
          return;
        }
        for (const l of this.#listeners) l(hint);
      });
      // A lost listening connection is opened again; notices sent meanwhile are missed, which a hint may be.
      client.on('error', (err) => {
        this.#onError(err);
        client.release(true);
        this.#client = null;
        if (!this.#closed) setTimeout(() => void this.#listen(), 1000).unref();
      });
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      this.#onError(err);
      this.#client = null;
      if (!this.#closed) setTimeout(() => void this.#listen(), 1000).unref();
    }
  }

  close(): void {
    this.#closed = true;
    this.#client?.release(true);
    this.#client = null;
  }
}
