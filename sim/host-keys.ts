// Deterministic ed25519 keys: a school's host key must be the same every time the fleet
// starts with the same seed (the console pins it), so keys are derived, never generated.
// ssh2 reads ed25519 private keys only in OpenSSH's own format, so we write that format.
import { createHash, createHmac, createPrivateKey, createPublicKey } from 'node:crypto';

export interface Ed25519Key {
  /** Private key, "-----BEGIN OPENSSH PRIVATE KEY-----" (unencrypted): what ssh2 and `ssh -i` read. */
  privateKey: string;
  /** Public key line as in authorized_keys / known_hosts: "ssh-ed25519 AAAA… comment". */
  publicKey: string;
  /** "SHA256:…" as `ssh-keygen -l` and OpenSSH's host-key prompt print it. */
  fingerprint: string;
  /** The SSH wire-format public key blob. */
  publicBlob: Buffer;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX_LENGTH = 12;

/** A key from 32 secret bytes derived as HMAC-SHA256(seed, label). */
export function deriveEd25519(seed: string | number, label: string, comment = label): Ed25519Key {
  const secret = createHmac('sha256', `b2b-sim:${seed}`).update(label).digest();
  return ed25519FromSeed(secret, comment);
}

export function ed25519FromSeed(secret: Buffer, comment: string): Ed25519Key {
  if (secret.length !== 32) throw new Error('an ed25519 seed is 32 bytes');
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, secret]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  const pub = spki.subarray(SPKI_ED25519_PREFIX_LENGTH);
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  return {
    privateKey: openSshPrivateKey(secret, pub, publicBlob, comment),
    publicKey: `ssh-ed25519 ${publicBlob.toString('base64')} ${comment}`,
    fingerprint: fingerprintOf(publicBlob),
    publicBlob,
  };
}

export function fingerprintOf(publicBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprint of an "ssh-ed25519 AAAA…" public key line. */
export function fingerprintOfLine(line: string): string {
  const b64 = line.trim().split(/\s+/)[1];
  if (b64 === undefined) throw new Error('not a public key line');
  return fingerprintOf(Buffer.from(b64, 'base64'));
}

function sshString(data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

// PROTOCOL.key in OpenSSH: magic, cipher/kdf "none", one public key, then the private
// section (check ints, key, comment) padded to the cipher block size of 8.
function openSshPrivateKey(secret: Buffer, pub: Buffer, publicBlob: Buffer, comment: string): string {
  const check = createHash('sha256').update(secret).digest().readUInt32BE(0);
  let section = Buffer.concat([
    uint32(check),
    uint32(check),
    sshString('ssh-ed25519'),
    sshString(pub),
    sshString(Buffer.concat([secret, pub])),
    sshString(comment),
  ]);
  const pad: number[] = [];
  for (let i = 1; (section.length + pad.length) % 8 !== 0; i++) pad.push(i);
  section = Buffer.concat([section, Buffer.from(pad)]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    uint32(1),
    sshString(publicBlob),
    sshString(section),
  ]);
  const b64 = body.toString('base64').replace(/.{1,70}/g, '$&\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64}-----END OPENSSH PRIVATE KEY-----\n`;
}
