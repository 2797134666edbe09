// A stored credential as both backends read it: names and ciphertext, never a key in the clear.
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

export interface StoredCredential { id: number; name: string; cipher: string; private_key: Buffer; passphrase: Buffer | null; public_key: string | null; created_at: string }

export const toCredential = (r: StoredCredential): CredentialRow => ({ id: r.id, name: r.name, cipher: r.cipher, privateKey: r.private_key, passphrase: r.passphrase, publicKey: r.public_key, createdAt: r.created_at });
