import { describe, expect, it } from 'vitest';
import { checkHostKey, fingerprintOfPublicKeyLine, hostKeyFingerprint, isFingerprint } from '../../../electron/core/ssh/fingerprint.ts';

// A fixed key and the fingerprint `ssh-keygen -lf` prints for it.
const LINE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICmOL85x8B/odcdENLV3GFS/yy3ixvN363BdHaWpU1yQ test';

describe('fingerprints', () => {
  it('matches the OpenSSH form: SHA256 and unpadded base64', () => {
    const fp = fingerprintOfPublicKeyLine(LINE);
    expect(fp).toBe('SHA256:bSt//4WIgVAqb2pm203TKrKBw8UPqdurgmx/IVnIn3A');
    expect(isFingerprint(fp)).toBe(true);
    expect(fp).toBe(hostKeyFingerprint(Buffer.from(LINE.split(' ')[1] ?? '', 'base64')));
    expect(fp.endsWith('=')).toBe(false);
  });

  it('rejects a line that is not a public key', () => {
    expect(() => fingerprintOfPublicKeyLine('not a key')).toThrow();
    expect(() => fingerprintOfPublicKeyLine('ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAICmOL85x8B/odcdENLV3GFS/yy3ixvN363BdHaWpU1yQ')).toThrow();
  });

  it('applies the pinning policy', () => {
    const fp = fingerprintOfPublicKeyLine(LINE);
    expect(checkHostKey(fp, fp)).toEqual({ kind: 'match', actual: fp });
    expect(checkHostKey(`${fp}=`, fp)).toEqual({ kind: 'match', actual: fp });
    expect(checkHostKey(null, fp)).toEqual({ kind: 'unknown', actual: fp });
    expect(checkHostKey('SHA256:other', fp)).toEqual({ kind: 'changed', expected: 'SHA256:other', actual: fp });
  });
});
