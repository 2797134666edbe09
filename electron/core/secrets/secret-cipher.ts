// Encryption at rest for credentials. On the desktop the OS keyring does it (Electron's
// safeStorage, reached through the main process); in browser mode, or where no keyring
// exists, a key file readable only by this user does, and the UI says which protects them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SecretCipher {
  /** Stored with each secret, so a later run knows which cipher can open it. */
  readonly kind: 'safeStorage' | 'keyfile';
  /** What a person is told protects their secrets. */
  readonly description: string;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(blob: Buffer): Promise<string>;
}

const KEY_FILE = 'secret.key';
const VERSION = 1;

/** AES-256-GCM with a random key in the data folder (mode 0600). */
export class KeyFileCipher implements SecretCipher {
  readonly kind = 'keyfile' as const;
  readonly description = 'a key file in the console data folder (no OS keyring in use)';
  readonly #key: Buffer;

  constructor(dataDir: string) {
    const file = path.join(dataDir, KEY_FILE);
    fs.mkdirSync(dataDir, { recursive: true });
    if (!fs.existsSync(file)) {
      // 'wx' fails if another process created it meanwhile; then we read theirs.
      try {
        fs.writeFileSync(file, crypto.randomBytes(32), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
      }
    }
    this.#key = fs.readFileSync(file);
    if (this.#key.length !== 32) throw new Error(`${file} is not a 32-byte key; move it aside to start again (stored secrets will need re-entering)`);
  }

  encrypt(plain: string): Promise<Buffer> {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Promise.resolve(Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]));
  }

  decrypt(blob: Buffer): Promise<string> {
    return new Promise((resolve) => {
      if (blob[0] !== VERSION || blob.length < 29) throw new Error('not a secret this console wrote');
      const d = crypto.createDecipheriv('aes-256-gcm', this.#key, blob.subarray(1, 13));
      d.setAuthTag(blob.subarray(13, 29));
      resolve(Buffer.concat([d.update(blob.subarray(29)), d.final()]).toString('utf8'));
    });
  }
}
