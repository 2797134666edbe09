// Stored SSH credentials: names and ciphertext only. Encryption and the checks on a key
// belong to the CredentialStore; this area never sees a key in the clear.
import { toCredential, type CredentialRow, type StoredCredential as Row } from '../credential-rows.ts';
import type { Db } from './db.ts';

export type { CredentialRow } from '../credential-rows.ts';

export class CredentialsRepo {
  readonly #s;

  constructor(db: Db) {
    this.#s = {
      upsert: db.prepare(`INSERT INTO credentials (name, cipher, private_key, passphrase, public_key, created_at) VALUES (@name, @cipher, @privateKey, @passphrase, @publicKey, @createdAt)
        ON CONFLICT(name) DO UPDATE SET cipher=excluded.cipher, private_key=excluded.private_key, passphrase=excluded.passphrase, public_key=excluded.public_key, created_at=excluded.created_at`),
      list: db.prepare<[], Row>('SELECT * FROM credentials ORDER BY name'),
      idOf: db.prepare<[string], { id: number }>('SELECT id FROM credentials WHERE name = ?'),
      get: db.prepare<[number], Row>('SELECT * FROM credentials WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM credentials WHERE id = ?'),
    };
  }

  /** Stores under this name, replacing any credential of the same name. */
  put(c: Omit<CredentialRow, 'id'>): void {
    this.#s.upsert.run(c);
  }

  list(): CredentialRow[] {
    return this.#s.list.all().map(toCredential);
  }

  idOf(name: string): number | null {
    return this.#s.idOf.get(name)?.id ?? null;
  }

  get(id: number): CredentialRow | null {
    const r = this.#s.get.get(id);
    return r ? toCredential(r) : null;
  }

  remove(id: number): void {
    this.#s.remove.run(id);
  }
}
