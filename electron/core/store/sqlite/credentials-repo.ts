// Stored SSH credentials: names and ciphertext only. Encryption and the checks on a key
// belong to the CredentialStore; this area never sees a key in the clear.
import type { Db } from './db.ts';

export interface CredentialRow {
  id: number;
  name: string;
  /** Which cipher sealed it: a key sealed by another cannot be opened by this run. */
  cipher: string;
  privateKey: Buffer;
  passphrase: Buffer | null;
  publicKey: string | null;
  createdAt: string;
}

interface Row { id: number; name: string; cipher: string; private_key: Buffer; passphrase: Buffer | null; public_key: string | null; created_at: string }

const toRow = (r: Row): CredentialRow => ({ id: r.id, name: r.name, cipher: r.cipher, privateKey: r.private_key, passphrase: r.passphrase, publicKey: r.public_key, createdAt: r.created_at });

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
    return this.#s.list.all().map(toRow);
  }

  idOf(name: string): number | null {
    return this.#s.idOf.get(name)?.id ?? null;
  }

  get(id: number): CredentialRow | null {
    const r = this.#s.get.get(id);
    return r ? toRow(r) : null;
  }

  remove(id: number): void {
    this.#s.remove.run(id);
  }
}
