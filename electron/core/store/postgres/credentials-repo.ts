// Stored SSH credentials on PostgreSQL: names and ciphertext only, as SQLite's CredentialsRepo.
import { toCredential, type CredentialRow, type StoredCredential } from '../credential-rows.ts';
import type { PgDb } from './pg-db.ts';

export class PgCredentialsRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** Stores under this name, replacing any credential of the same name. */
  async put(c: Omit<CredentialRow, 'id'>): Promise<void> {
    await this.#db.run(
      `INSERT INTO credentials (name, cipher, private_key, passphrase, public_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name) DO UPDATE SET cipher=excluded.cipher, private_key=excluded.private_key, passphrase=excluded.passphrase, public_key=excluded.public_key, created_at=excluded.created_at`,
      [c.name, c.cipher, c.privateKey, c.passphrase, c.publicKey, c.createdAt],
    );
  }

  async list(): Promise<CredentialRow[]> {
    // "C": byte order, as SQLite's BINARY collation.
    return (await this.#db.query<StoredCredential>('SELECT * FROM credentials ORDER BY name COLLATE "C"')).map(toCredential);
  }

  /** A per-site lookup on the poller's path. */
  async idOf(name: string): Promise<number | null> {
    return (await this.#db.maybeOne<{ id: number }>('SELECT id FROM credentials WHERE name = $1', [name], 'credentials.idOf'))?.id ?? null;
  }

  async get(id: number): Promise<CredentialRow | null> {
    const r = await this.#db.maybeOne<StoredCredential>('SELECT * FROM credentials WHERE id = $1', [id], 'credentials.get');
    return r ? toCredential(r) : null;
  }

  async remove(id: number): Promise<void> {
    await this.#db.run('DELETE FROM credentials WHERE id = $1', [id]);
  }
}
