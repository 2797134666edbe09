// Encryption at rest for the core, by the OS keyring (Electron's safeStorage), which only
// the main process can reach. The core asks over its parentPort with one message pair:
//
//   core → main  { type: 'secret', id, op: 'status' }
//                { type: 'secret', id, op: 'encrypt', text }        text: UTF-8 plaintext
//                { type: 'secret', id, op: 'decrypt', data }        data: base64 ciphertext
//   main → core  { type: 'secret-result', id, result }             result: Result (shared/result.ts)
//                status → { available, backend }; encrypt → base64 string; decrypt → string
//
// On Linux without a keyring Electron falls back to 'basic_text' (a fixed key, not
// protection), so we report that as unavailable rather than pretend.
// Only types come from `electron`; main passes the real safeStorage in.
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result.ts';

export const SecretRequestSchema = z.discriminatedUnion('op', [
  z.object({ type: z.literal('secret'), id: z.number().int(), op: z.literal('status') }),
  z.object({ type: z.literal('secret'), id: z.number().int(), op: z.literal('encrypt'), text: z.string().max(1_000_000) }),
  z.object({ type: z.literal('secret'), id: z.number().int(), op: z.literal('decrypt'), data: z.string().max(2_000_000) }),
]);
export type SecretRequest = z.infer<typeof SecretRequestSchema>;

export interface SecretStatus {
  available: boolean;
  backend: string;
}
export interface SecretResult {
  type: 'secret-result';
  id: number;
  result: Result<string | SecretStatus>;
}

/** The part of Electron's safeStorage we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

export function secretStatus(storage: SafeStorageLike, platform: string = process.platform): SecretStatus {
  const backend = platform === 'linux' ? (storage.getSelectedStorageBackend?.() ?? 'unknown') : 'os';
  return { available: storage.isEncryptionAvailable() && !WEAK_BACKENDS.has(backend), backend };
}

export function answerSecret(storage: SafeStorageLike, req: SecretRequest, platform: string = process.platform): SecretResult {
  const answer = (result: Result<string | SecretStatus>): SecretResult => ({ type: 'secret-result', id: req.id, result });
  const status = secretStatus(storage, platform);
  if (req.op === 'status') return answer(ok(status));
  if (!status.available) return answer(fail('unavailable', `No system keyring to protect secrets with (backend: ${status.backend})`));
  try {
    if (req.op === 'encrypt') return answer(ok(storage.encryptString(req.text).toString('base64')));
    return answer(ok(storage.decryptString(Buffer.from(req.data, 'base64'))));
  } catch (err) {
    // Never echo the input: it is a secret or its ciphertext.
    return answer(fail('internal', `Could not ${req.op} the secret: ${err instanceof Error ? err.message : String(err)}`));
  }
}
