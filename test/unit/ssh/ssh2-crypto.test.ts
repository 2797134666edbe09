import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pooledRandomFillForTest } from '../../../electron/core/ssh/ssh2-crypto.ts';
import { newEd25519KeyPair } from '../../tools/sshd.ts';

describe('pooled random fill', () => {
  it('fills exactly the asked range and never hands out the same bytes twice', () => {
    const calls: number[] = [];
    const fill = pooledRandomFillForTest(((buf: Buffer) => {
      calls.push(buf.length);
      return crypto.randomFillSync(buf);
    }) as typeof crypto.randomFillSync);
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const b = Buffer.alloc(24, 0xee);
      fill(b, 4, 16);
      expect(b.subarray(0, 4).every((x) => x === 0xee)).toBe(true);
      expect(b.subarray(20).every((x) => x === 0xee)).toBe(true);
      const hex = b.subarray(4, 20).toString('hex');
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
    }
    // 80,000 bytes from a 16 KiB pool: refilled a handful of times, not 5,000.
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(calls.length).toBeLessThanOrEqual(6);
  });

  it('looks uniform (chi-square over 256 byte values)', () => {
    const fill = pooledRandomFillForTest(crypto.randomFillSync);
    const counts = new Array<number>(256).fill(0);
    const b = Buffer.alloc(16);
    for (let i = 0; i < 16_000; i++) {
      fill(b, 0, 16);
      for (const x of b) counts[x] = (counts[x] ?? 0) + 1;
    }
    const expected = (16_000 * 16) / 256;
    const chi = counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
    // 255 degrees of freedom: p = 1e-6 lies near 370.
    expect(chi).toBeLessThan(370);
  });

  it('passes large, odd and invalid requests to OpenSSL unchanged', () => {
    const calls: unknown[][] = [];
    const fill = pooledRandomFillForTest(((...args: unknown[]) => {
      calls.push(args);
      return args[0];
    }) as unknown as typeof crypto.randomFillSync);
    fill(Buffer.alloc(1_000));
    fill(new Uint8Array(8));
    fill(Buffer.alloc(8), 6, 4);
    expect(calls).toHaveLength(3);
  });
});

describe('crypto as ssh2 sees it', () => {
  // The patch is installed by importing the module above.
  it('signs and verifies with PEM strings, as before, and refuses a wrong key', () => {
    const a = crypto.generateKeyPairSync('ed25519');
    const priv = a.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const pub = a.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const data = Buffer.from('exchange hash');
    for (let i = 0; i < 3; i++) {
      const sig = crypto.sign(null, data, priv);
      expect(crypto.verify(null, data, pub, sig)).toBe(true);
      expect(crypto.verify(null, data, other, sig)).toBe(false);
    }
    expect(() => crypto.sign(null, data, '-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----')).toThrow();
  });

  it('remembers an X25519 public key export but hands out a fresh copy each time', () => {
    const { publicKey } = crypto.generateKeyPairSync('x25519');
    const first = publicKey.export({ type: 'spki', format: 'der' });
    first.fill(0);
    const second = publicKey.export({ type: 'spki', format: 'der' });
    expect(second.equals(first)).toBe(false);
    const proto = Object.getPrototypeOf(publicKey) as { export(this: crypto.KeyObject, o: crypto.KeyExportOptions<'der'>): Buffer };
    const fromOpenSsl = proto.export.call(publicKey, { type: 'spki', format: 'der' });
    expect(second.equals(fromOpenSsl)).toBe(true);
    expect(Object.hasOwn(publicKey, 'export')).toBe(true);
    expect(typeof publicKey.export({ type: 'spki', format: 'pem' })).toBe('string');
  });

  it('still reads an OpenSSH key pair made by the test tools', () => {
    const pair = newEd25519KeyPair();
    expect(pair.private).toContain('PRIVATE KEY');
  });
});
