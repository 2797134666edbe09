// ssh2's AES-GCM creates a new cipher for every packet from a Buffer key. On Node 24,
// turning a Buffer into a key costs ~20-35 µs each time, but only ~3 µs from a KeyObject
// (measured here: 100k createCipheriv calls, 1.8-3.9 s vs 0.3-0.5 s), so across thousands
// of sites it was the largest CPU cost of a poll round on both ends of the connection.
// Caching a KeyObject per key Buffer (ssh2 keeps one Buffer per connection direction and
// never writes to it) removes that cost. It must run before ssh2 is first loaded,
// because ssh2 copies these functions out of `crypto` when it loads.
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

const PATCHED = Symbol.for('b2b.cipherKeyCache');
type Mutable = { createCipheriv: typeof crypto.createCipheriv; createDecipheriv: typeof crypto.createDecipheriv; [PATCHED]?: true };
const target = crypto as unknown as Mutable;

if (!target[PATCHED]) {
  const createCipheriv = crypto.createCipheriv;
  const createDecipheriv = crypto.createDecipheriv;
  target.createCipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, options?: CipherGCMOptions) =>
    createCipheriv(algorithm, keyFor(key) as crypto.CipherKey, iv, options)) as typeof crypto.createCipheriv;
  target.createDecipheriv = ((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null, options?: CipherGCMOptions) =>
    createDecipheriv(algorithm, keyFor(key) as crypto.CipherKey, iv, options)) as typeof crypto.createDecipheriv;
  target[PATCHED] = true;
}
