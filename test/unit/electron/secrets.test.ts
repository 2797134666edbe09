import { describe, expect, it } from 'vitest';
import { answerSecret, SecretRequestSchema, secretStatus, type SafeStorageLike } from '../../../electron/main/secrets.ts';

/** A reversible stand-in for safeStorage (not encryption: enough to test the plumbing). */
function fakeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(`enc:${text}`),
    decryptString: (data) => {
      const s = data.toString();
      if (!s.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext');
      return s.slice(4);
    },
    getSelectedStorageBackend: () => backend,
  };
}

describe('secrets for the core', () => {
  it('encrypts to base64 and decrypts back', () => {
    const storage = fakeStorage();
    const enc = answerSecret(storage, { type: 'secret', id: 1, op: 'encrypt', text: 'passphrase' }, 'linux');
    expect(enc).toEqual({ type: 'secret-result', id: 1, result: { ok: true, data: Buffer.from('enc:passphrase').toString('base64') } });
    const data = enc.result.ok && typeof enc.result.data === 'string' ? enc.result.data : '';
    expect(answerSecret(storage, { type: 'secret', id: 2, op: 'decrypt', data }, 'linux').result).toEqual({ ok: true, data: 'passphrase' });
  });

  it("refuses Linux's basic_text fallback: a fixed key is not protection", () => {
    const storage = fakeStorage(true, 'basic_text');
    expect(secretStatus(storage, 'linux')).toEqual({ available: false, backend: 'basic_text' });
    expect(answerSecret(storage, { type: 'secret', id: 3, op: 'encrypt', text: 'x' }, 'linux').result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(secretStatus(fakeStorage(true, 'basic_text'), 'win32')).toEqual({ available: true, backend: 'os' });
    expect(secretStatus(fakeStorage(false), 'win32').available).toBe(false);
  });

  it('reports a failed decrypt without echoing the input', () => {
    const result = answerSecret(fakeStorage(), { type: 'secret', id: 4, op: 'decrypt', data: Buffer.from('tampered-secret').toString('base64') }, 'linux').result;
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('tampered');
  });

  it('parses only well-formed requests', () => {
    expect(SecretRequestSchema.safeParse({ type: 'secret', id: 1, op: 'status' }).success).toBe(true);
    expect(SecretRequestSchema.safeParse({ type: 'secret', id: 1, op: 'encrypt' }).success).toBe(false);
    expect(SecretRequestSchema.safeParse({ type: 'secret', id: 1, op: 'dump' }).success).toBe(false);
  });
});
