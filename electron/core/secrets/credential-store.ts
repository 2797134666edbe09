// SSH credentials for reaching school hosts: private keys (and passphrases) stored
// encrypted, decrypted only in this process and only when a connection needs them.
// Nothing here returns secret material to a caller outside the core.
// ssh2 is CommonJS: Node's ESM loader cannot see its named exports, so take the default.
// Before ssh2 loads: see ssh2-crypto.ts.
import '../ssh/ssh2-crypto.ts';
import ssh2, { type ParsedKey } from 'ssh2';
import type { Clock } from '../../../shared/clock.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { Store } from '../store/store.ts';
import type { SecretCipher } from './secret-cipher.ts';

export interface CredentialInfo {
  id: number;
  name: string;
  publicKey: string | null;
  protectedBy: string;
  createdAt: string;
}

export interface Credential {
  privateKey: string;
  passphrase?: string;
}

export class CredentialStore {
  readonly #repo: Store['credentials'];
  readonly #cipher: SecretCipher;
  readonly #clock: Clock;
  /** Decrypted once per run: decrypting for each of thousands of polls would be wasteful. */
  readonly #cache = new Map<number, Credential>();
  readonly #ids = new Map<string, number | null>();

  constructor(repo: Store['credentials'], cipher: SecretCipher, clock: Clock) {
    this.#repo = repo;
    this.#cipher = cipher;
    this.#clock = clock;
  }

  get protectedBy(): string {
    return this.#cipher.description;
  }

  /** Checks the key opens (with its passphrase), then stores it encrypted under this name, replacing any. */
  async save(name: string, credential: Credential): Promise<CredentialInfo> {
    const parsed: ParsedKey | ParsedKey[] | Error = ssh2.utils.parseKey(credential.privateKey, credential.passphrase);
    if (parsed instanceof Error) {
      const wrongPass = /passphrase|decrypt|bad decrypt/i.test(parsed.message);
      throw new AppFailure('validation', wrongPass ? 'The passphrase does not open this key' : `Not a private key this console can use: ${parsed.message}`, {
        [wrongPass ? 'passphrase' : 'privateKey']: wrongPass ? 'Wrong passphrase' : 'Not a usable private key',
      });
    }
    // instanceof narrows the union where Array.isArray would widen it to any[].
    const keys: readonly ParsedKey[] = parsed instanceof Array ? parsed : [parsed];
    const key = keys[0];
    if (!key?.isPrivateKey()) throw new AppFailure('validation', 'That is a public key; paste the private key', { privateKey: 'Paste the private key' });
    const publicKey = `${key.type} ${key.getPublicSSH().toString('base64')} ${name}`;
    const encKey = await this.#cipher.encrypt(credential.privateKey);
    const encPass = credential.passphrase ? await this.#cipher.encrypt(credential.passphrase) : null;
    const now = new Date(this.#clock.now()).toISOString();
    await this.#repo.put({ name, cipher: this.#cipher.kind, privateKey: encKey, passphrase: encPass, publicKey, createdAt: now });
    this.#ids.delete(name);
    const info = (await this.list()).find((c) => c.name === name);
    if (!info) throw new Error('credential vanished after saving');
    this.#cache.delete(info.id);
    return info;
  }

  async list(): Promise<CredentialInfo[]> {
    return (await this.#repo.list()).map((r) => ({ id: r.id, name: r.name, publicKey: r.publicKey, protectedBy: r.cipher === this.#cipher.kind ? this.#cipher.description : r.cipher, createdAt: r.createdAt }));
  }

  /** Asked on every poll, so remembered; save() and remove() forget. */
  async idOf(name: string): Promise<number | null> {
    if (!this.#ids.has(name)) this.#ids.set(name, await this.#repo.idOf(name));
    return this.#ids.get(name) ?? null;
  }

  /** The key for a connection; null when none is stored under that id. */
  async get(id: number): Promise<Credential | null> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await this.#repo.get(id);
    if (!row) return null;
    if (row.cipher !== this.#cipher.kind) {
      throw new AppFailure('unavailable', `Credential "${row.name}" was stored with ${row.cipher}, which this run cannot open; enter it again`);
    }
    const credential: Credential = { privateKey: await this.#cipher.decrypt(row.privateKey) };
    if (row.passphrase) credential.passphrase = await this.#cipher.decrypt(row.passphrase);
    this.#cache.set(id, credential);
    return credential;
  }

  async remove(id: number): Promise<void> {
    await this.#repo.remove(id);
    this.#cache.delete(id);
    this.#ids.clear();
  }
}
