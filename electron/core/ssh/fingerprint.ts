// Host-key fingerprints in the form OpenSSH prints (`ssh-keygen -lf`), so an engineer
// can compare what the console shows with what the school's server shows.
import { createHash } from 'node:crypto';

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** `SHA256:<base64 without padding>` of the key in SSH wire format. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Fingerprint of an OpenSSH public key line (`ssh-ed25519 AAAA… comment`). */
export function fingerprintOfPublicKeyLine(line: string): string {
  const [type, b64] = line.trim().split(/\s+/);
  const blob = Buffer.from(b64 ?? '', 'base64');
  // The blob starts with its own key type; a mismatch means this is not a key line.
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (type === undefined || len <= 0 || blob.subarray(4, 4 + len).toString('latin1') !== type) throw new Error('not an OpenSSH public key line');
  return hostKeyFingerprint(blob);
}

export function isFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}

export type HostKeyCheck =
  | { kind: 'match'; actual: string }
  | { kind: 'unknown'; actual: string }
  | { kind: 'changed'; expected: string; actual: string };

/** Pinning policy: only an exact match may proceed; first-seen waits for approval. */
export function checkHostKey(pinned: string | null, actual: string): HostKeyCheck {
  if (pinned === null) return { kind: 'unknown', actual };
  // Some tools print the base64 padding; the pin means the same key either way.
  return pinned.replace(/=+$/, '') === actual ? { kind: 'match', actual } : { kind: 'changed', expected: pinned, actual };
}
