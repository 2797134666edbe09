// One school's authorized keys for the agent account: the set its SSH server checks at
// login and the `auth` verbs read and change, so a key removed here no longer logs in.
// Before ssh2 loads: see ssh2-crypto.ts.
import '../electron/core/ssh/ssh2-crypto.ts';
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import type { AuthKey } from '../shared/protocol/auth-keys.ts';

const { utils } = ssh2;

interface Entry {
  key: ParsedKey;
  type: string;
  fingerprint: string;
  comment: string;
}

/** `SHA256:` + unpadded base64 of the blob's sha256, as OpenSSH prints it. */
export function keyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export class AuthorizedKeys {
  private keys: Entry[] = [];

  constructor(lines: readonly string[]) {
    for (const line of lines.flatMap((l) => l.split(/\r?\n/)).map((l) => l.trim())) {
      if (line === '' || line.startsWith('#')) continue;
      const [type = '', base64 = '', ...comment] = line.split(/\s+/);
      if (!this.add(type, base64, comment.join(' '))) throw new Error('authorized key not understood');
    }
  }

  find(algo: string, data: Buffer): ParsedKey | null {
    return this.keys.find((k) => k.key.type === algo && k.key.getPublicSSH().equals(data))?.key ?? null;
  }

  fingerprintOf(algo: string, data: Buffer): string | null {
    return this.find(algo, data) === null ? null : keyFingerprint(data);
  }

  list(): AuthKey[] {
    return this.keys.map((k) => ({ type: k.type, fingerprint: k.fingerprint, comment: k.comment }));
  }

  get size(): number {
    return this.keys.length;
  }

  /** Adds a key once; the fingerprint and whether it was new, or null when ssh2 cannot read it. */
  add(type: string, base64: string, comment: string): { fingerprint: string; added: boolean } | null {
    const parsed = utils.parseKey(`${type} ${base64}`);
    if (parsed instanceof Error) return null;
    const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
    const fingerprint = keyFingerprint(key.getPublicSSH());
    if (this.keys.some((k) => k.fingerprint === fingerprint)) return { fingerprint, added: false };
    this.keys.push({ key, type, fingerprint, comment });
    return { fingerprint, added: true };
  }

  /** Removes a key by fingerprint; the caller has already refused the session's and the last key. */
  remove(fingerprint: string): boolean {
    const before = this.keys.length;
    this.keys = this.keys.filter((k) => k.fingerprint !== fingerprint);
    return this.keys.length !== before;
  }
}
