// The core's side of the safeStorage message pair (see electron/main/secrets.ts):
// it asks the main process to encrypt and decrypt, since only main can reach the keyring.
import { z } from 'zod';
import { AppErrorSchema } from '../../../shared/result.ts';
import type { SecretCipher } from './secret-cipher.ts';

export const SecretResultSchema = z.object({
  type: z.literal('secret-result'),
  id: z.number().int(),
  result: z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: AppErrorSchema })]),
});
export type SecretResultMessage = z.infer<typeof SecretResultSchema>;

const TIMEOUT_MS = 10_000;

export class ParentPortCipher implements SecretCipher {
  readonly kind = 'safeStorage' as const;
  readonly description = "the operating system's keyring";
  readonly #post: (message: unknown) => void;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 1;

  constructor(post: (message: unknown) => void) {
    this.#post = post;
  }

  /** Feed every 'secret-result' message from main here. */
  receive(message: SecretResultMessage): void {
    const p = this.#pending.get(message.id);
    if (!p) return;
    this.#pending.delete(message.id);
    if (message.result.ok) p.resolve(message.result.data);
    else p.reject(new Error(message.result.error.message));
  }

  async available(): Promise<boolean> {
    const status = (await this.#ask({ op: 'status' })) as { available?: unknown };
    return status.available === true;
  }

  async encrypt(plain: string): Promise<Buffer> {
    return Buffer.from(String(await this.#ask({ op: 'encrypt', text: plain })), 'base64');
  }

  async decrypt(blob: Buffer): Promise<string> {
    return String(await this.#ask({ op: 'decrypt', data: blob.toString('base64') }));
  }

  #ask(body: Record<string, unknown>): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error('The main process did not answer a keyring request'));
      }, TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#post({ type: 'secret', id, ...body });
    });
  }
}
