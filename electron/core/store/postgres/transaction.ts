// One transaction on one pooled connection. A deadlock or serialization failure means
// PostgreSQL rolled the whole transaction back, so running it again from the start is safe.
import type pg from 'pg';

const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export async function withPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      // A connection that cannot even roll back is dead: it must not go back to the pool.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      const code = (err as { code?: unknown } | null)?.code;
      if (attempt < ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
      throw err;
    } finally {
      client.release(broken);
    }
  }
}
