// Protocol 1.1 `auth` verbs: the agent's own authorized keys (the account the console logs
// in as). A key travels as two words, its type and its base64 blob, and both are checked
// here before they are placed in an exec line or accepted by an agent: no options, no
// prefixes, nothing outside base64, only ed25519, ECDSA and RSA of at least 3072 bits.
import { z } from 'zod';

export const KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'] as const;
export const KeyTypeSchema = z.enum(KEY_TYPES);
export type KeyType = z.infer<typeof KeyTypeSchema>;
export const MIN_RSA_BITS = 3072;
/** An RSA 8192 key is about 1,400 base64 characters; anything longer is not a key we take. */
export const MAX_KEY_BASE64 = 2048;

/** `SHA256:` and the unpadded base64 of the blob's sha256, as OpenSSH prints it. */
export const FingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'a key fingerprint is SHA256: and 43 base64 characters');
const Base64Schema = z
  .string()
  .max(MAX_KEY_BASE64, `a key is at most ${MAX_KEY_BASE64} base64 characters`)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'a key is base64 characters only');

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Strict base64 → bytes (shared/ has neither Buffer nor atob in every runtime). */
export function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const body = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of body) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The SSH wire strings of a public key blob (type, then its parts), or null when malformed. */
function wireStrings(blob: Uint8Array): Uint8Array[] | null {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) return null;
    const len = ((blob[at] ?? 0) << 24) | ((blob[at + 1] ?? 0) << 16) | ((blob[at + 2] ?? 0) << 8) | (blob[at + 3] ?? 0);
    at += 4;
    if (len < 0 || at + len > blob.length) return null;
    parts.push(blob.subarray(at, at + len));
    at += len;
  }
  return parts;
}

const text = (b: Uint8Array | undefined): string => (b ? String.fromCharCode(...b) : '');

/** Bits of an mpint: its length less leading zero bytes and leading zero bits. */
function mpintBits(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i] ?? 0));
}

export type KeyCheck = { ok: true; type: KeyType; base64: string; bits: number } | { ok: false; reason: string };

/** Whether a type word and a base64 word make a public key the agents may add. */
export function checkPublicKey(type: string, base64: string): KeyCheck {
  const t = KeyTypeSchema.safeParse(type);
  if (!t.success) return { ok: false, reason: `key type must be one of ${KEY_TYPES.join(', ')}` };
  const b = Base64Schema.safeParse(base64);
  if (!b.success) return { ok: false, reason: b.error.issues[0]?.message ?? 'not base64' };
  const blob = decodeBase64(base64);
  const parts = blob === null ? null : wireStrings(blob);
  if (parts === null) return { ok: false, reason: 'the key blob is not an SSH public key' };
  if (text(parts[0]) !== type) return { ok: false, reason: `the key blob says ${text(parts[0]).slice(0, 40) || 'nothing'}, not ${type}` };
  switch (t.data) {
    case 'ssh-ed25519':
      return parts.length === 2 && parts[1]?.length === 32 ? { ok: true, type: t.data, base64, bits: 256 } : { ok: false, reason: 'not an ed25519 key' };
    case 'ssh-rsa': {
      const bits = parts.length === 3 && parts[2] ? mpintBits(parts[2]) : 0;
      if (bits === 0) return { ok: false, reason: 'not an RSA key' };
      return bits >= MIN_RSA_BITS ? { ok: true, type: t.data, base64, bits } : { ok: false, reason: `an RSA key needs at least ${MIN_RSA_BITS} bits, this one has ${bits}` };
    }
    default: {
      const curve = t.data.slice('ecdsa-sha2-'.length);
      const bits = { nistp256: 256, nistp384: 384, nistp521: 521 }[curve] ?? 0;
      return parts.length === 3 && text(parts[1]) === curve ? { ok: true, type: t.data, base64, bits } : { ok: false, reason: `not an ${t.data} key` };
    }
  }
}

/** An OpenSSH public key line ("type base64 [comment]", no options) split into its two words. */
export function splitPublicKeyLine(line: string): { type: string; base64: string } | null {
  const [type, base64] = line.trim().split(/\s+/);
  return type !== undefined && base64 !== undefined ? { type, base64 } : null;
}

export const AuthKeySchema = z.object({
  type: z.string().max(40),
  fingerprint: FingerprintSchema,
  comment: z.string().max(200),
});
export type AuthKey = z.infer<typeof AuthKeySchema>;

export const AuthListSchema = z.object({
  keys: z.array(AuthKeySchema).max(200),
  /** The key this session logged in with, when the agent can tell. */
  session: FingerprintSchema.nullable(),
});
export const AuthAddKeySchema = z.object({ fingerprint: FingerprintSchema, added: z.boolean(), keys: z.number().int().min(1) });
export const AuthRemoveKeySchema = z.object({ fingerprint: FingerprintSchema, removed: z.boolean(), keys: z.number().int().min(1) });
