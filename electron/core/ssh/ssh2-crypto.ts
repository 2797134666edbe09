// Two costs ssh2 (pure-JS mode, no native binding) pays per packet, removed here for both
// ends of the connection (the console and the simulator). It must run before ssh2 is first
// loaded, because ssh2 copies these functions out of `crypto` when it loads.
//
// 1. Cipher keys. ssh2's AES-GCM creates a new cipher for every packet from a Buffer key.
//    On Node 24, turning a Buffer into a key costs ~20-35 µs each time, but only ~3 µs from
//    a KeyObject (measured here: 100k createCipheriv calls, 1.8-3.9 s vs 0.3-0.5 s). A
//    KeyObject is cached per key Buffer (ssh2 keeps one Buffer per connection direction
//    and never writes to it).
// 2. Packet padding. ssh2 fills every packet's padding with `randomFillSync`, a call into
//    OpenSSL of ~1.7 µs for a few bytes (~0.1 µs served from a pool). Small requests are
//    served from a pool filled 16 KiB at a time by the same CSPRNG; no byte is handed
//    out twice. Requests larger than 256 bytes, and typed arrays other than Buffers, go
//    straight to OpenSSL, as do the asynchronous form and every other caller's options.
// 3. Key decoding. ssh2 signs and verifies with PEM strings, so OpenSSL 3's (slow) decoder
//    parses the key again for every handshake: our client key for each login's signature,
//    the host key for the server's; ~75 µs of each ~100 µs ed25519 signature. KeyObjects
//    are cached per PEM string (bounded; oldest out first).
// 4. X25519 public keys. ssh2 exports its ephemeral public key twice per key exchange
//    (~47 µs each with OpenSSL 3's encoder); the export is remembered on the key.
import crypto, { type CipherGCMOptions, type KeyObject } from 'node:crypto';

const cache = new WeakMap<Buffer, KeyObject>();

function keyFor(key: unknown): unknown {
  if (!Buffer.isBuffer(key)) return key;
  let ko = cache.get(key);
  if (!ko) {
    ko = crypto.createSecretKey(key);
    cache.set(key, ko);
  }
  return ko;
}

const POOL_BYTES = 16_384;
const SMALL_BYTES = 256;

function pooledRandomFill(fill: typeof crypto.randomFillSync): typeof crypto.randomFillSync {
  const pool = Buffer.alloc(POOL_BYTES);
  let used = POOL_BYTES;
  return <T extends NodeJS.ArrayBufferView>(buf: T, offset?: number, size?: number): T => {
    if (!Buffer.isBuffer(buf)) return fill(buf, offset, size);
    const start = offset ?? 0;
    const n = size ?? buf.length - start;
    if (n > SMALL_BYTES || !Number.isInteger(start) || !Number.isInteger(n) || start < 0 || n < 0 || start + n > buf.length) return fill(buf, offset, size);
    if (used + n > POOL_BYTES) {
      fill(pool);
      used = 0;
    }
    pool.copy(buf, start, used, used + n);
    // Handed out once: overwrite what was copied so it can never be served again.
    pool.fill(0, used, used + n);
    used += n;
    return buf;
  };
}

/** KeyObjects for PEM strings, oldest dropped beyond `max`. */
function pemCache(max: number, decode: (pem: string) => KeyObject): (key: unknown) => unknown {
  const cache = new Map<string, KeyObject>();
  return (key) => {
    if (typeof key !== 'string' || !key.startsWith('-----BEGIN ')) return key;
    let ko = cache.get(key);
    if (ko === undefined) {
      // A key OpenSSL cannot read is passed on unchanged, so the caller's error is OpenSSL's own.
      try {
        ko = decode(key);
      } catch {
        return key;
      }
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, ko);
    }
    return ko;
  };
}

/** Remembers a public key's DER exports (the other forms are left to OpenSSL). */
function rememberExports(key: KeyObject): void {
  const exportKey = key.export.bind(key) as (options?: unknown) => unknown;
  const seen = new Map<string, Buffer>();
  const remembered = (options?: { type?: string; format?: string }): unknown => {
    if (options?.format !== 'der' || Object.keys(options).length !== 2) return exportKey(options);
    const k = options.type ?? '';
    let der = seen.get(k);
    if (der === undefined) {
      der = exportKey(options) as Buffer;
      seen.set(k, der);
    }
    // A copy: callers may write to what they are given.
    return Buffer.from(der);
  };
  // An own property shadows KeyObject.prototype.export for this key only.
  Object.defineProperty(key, 'export', { value: remembered });
}

const PATCHED = Symbol.for('b2b.ssh2Crypto');
type Mutable = {
  createCipheriv: typeof crypto.createCipheriv;
  createDecipheriv: typeof crypto.createDecipheriv;
  randomFillSync: typeof crypto.randomFillSync;
  sign: typeof crypto.sign;
  verify: typeof crypto.verify;
  generateKeyPairSync: typeof crypto.generateKeyPairSync;
  [PATCHED]?: true;
};
const target = crypto as unknown as Mutable;

if (!target[PATCHED]) {
  const createCipheriv = crypto.createCipheriv;
  const createDecipheriv = crypto.createDecipheriv;
  target.createCipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, options?: CipherGCMOptions) =>
    createCipheriv(algorithm, keyFor(key) as crypto.CipherKey, iv, options)) as typeof crypto.createCipheriv;
  target.createDecipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, options?: CipherGCMOptions) =>
    createDecipheriv(algorithm, keyFor(key) as crypto.CipherKey, iv, options)) as typeof crypto.createDecipheriv;
  target.randomFillSync = pooledRandomFill(crypto.randomFillSync.bind(crypto));
  const sign = crypto.sign;
  const verify = crypto.verify;
  // Thousands of entries: the simulator signs with one host key per school.
  const privateKeys = pemCache(8_192, (pem) => crypto.createPrivateKey(pem));
  const publicKeys = pemCache(8_192, (pem) => crypto.createPublicKey(pem));
  target.sign = ((algorithm: string | null | undefined, data: NodeJS.ArrayBufferView, key: crypto.KeyLike, callback?: (error: Error | null, data: Buffer) => void) =>
    callback ? sign(algorithm, data, privateKeys(key) as crypto.KeyLike, callback) : sign(algorithm, data, privateKeys(key) as crypto.KeyLike)) as typeof crypto.sign;
  target.verify = ((algorithm: string | null | undefined, data: NodeJS.ArrayBufferView, key: crypto.KeyLike, signature: NodeJS.ArrayBufferView, callback?: (error: Error | null, result: boolean) => void) =>
    callback
      ? verify(algorithm, data, publicKeys(key) as crypto.KeyLike, signature, callback)
      : verify(algorithm, data, publicKeys(key) as crypto.KeyLike, signature)) as typeof crypto.verify;
  const generateKeyPairSync = crypto.generateKeyPairSync as (type: string, options?: unknown) => unknown;
  target.generateKeyPairSync = ((type: string, options?: unknown) => {
    const pair = generateKeyPairSync(type, options);
    if (type === 'x25519' && options === undefined) rememberExports((pair as crypto.KeyPairKeyObjectResult).publicKey);
    return pair;
  }) as typeof crypto.generateKeyPairSync;
  target[PATCHED] = true;
}

/** The pooled fill on its own, for tests. */
export const pooledRandomFillForTest = pooledRandomFill;
