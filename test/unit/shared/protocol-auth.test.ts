// Issue 12, item 6: the auth verbs carry a key or a fingerprint as checked words only.
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { checkPublicKey, decodeBase64, splitPublicKeyLine } from '../../../shared/protocol/auth-keys.ts';
import { commandLine, parseAnswer, parseCommandLine, ProtocolError, type AgentRequest } from '../../../shared/protocol/v1.ts';

const { utils } = ssh2;

function opensshLine(type: 'ed25519' | 'rsa' | 'ecdsa', bits?: number): { type: string; base64: string } {
  const pair = type === 'rsa' ? utils.generateKeyPairSync('rsa', { bits: bits ?? 3072 }) : type === 'ecdsa' ? utils.generateKeyPairSync('ecdsa', { bits: 256 }) : utils.generateKeyPairSync('ed25519');
  const parts = splitPublicKeyLine(pair.public);
  if (!parts) throw new Error('no key line');
  return parts;
}

const ed = opensshLine('ed25519');
const fp = `SHA256:${createHash('sha256').update(Buffer.from(ed.base64, 'base64')).digest('base64').replace(/=+$/, '')}`;

describe('auth verbs: commandLine and its parser', () => {
  it('builds and parses the three verbs', () => {
    const reqs: AgentRequest[] = [
      { verb: 'auth-list' },
      { verb: 'auth-add-key', keyType: 'ssh-ed25519', keyBase64: ed.base64 },
      { verb: 'auth-remove-key', fingerprint: fp },
    ];
    expect(reqs.map(commandLine)).toEqual(['b2b-agent auth list', `b2b-agent auth add-key ssh-ed25519 ${ed.base64}`, `b2b-agent auth remove-key ${fp}`]);
    for (const r of reqs) expect(parseCommandLine(commandLine(r))).toEqual(r);
  });

  it('takes ECDSA and RSA of 3072 bits, refuses RSA 2048', () => {
    const ec = opensshLine('ecdsa');
    expect(checkPublicKey(ec.type, ec.base64)).toMatchObject({ ok: true, bits: 256 });
    const rsa = opensshLine('rsa', 3072);
    expect(checkPublicKey(rsa.type, rsa.base64)).toMatchObject({ ok: true, bits: 3072 });
    const weak = opensshLine('rsa', 2048);
    expect(checkPublicKey(weak.type, weak.base64)).toEqual({ ok: false, reason: 'an RSA key needs at least 3072 bits, this one has 2048' });
    expect(() => commandLine({ verb: 'auth-add-key', keyType: 'ssh-rsa', keyBase64: weak.base64 })).toThrow(ProtocolError);
  });

  it('refuses hostile or malformed arguments on both sides', () => {
    const hostile: [string, string][] = [
      ['ssh-ed25519', `${ed.base64};touch /tmp/x`],
      ['ssh-ed25519', `${ed.base64}"`],
      ['command="sh",restrict ssh-ed25519', ed.base64],
      ['ssh-dss', ed.base64],
      ['ssh-rsa', ed.base64], // the blob says ed25519
      ['ssh-ed25519', 'AAAA'],
      ['ssh-ed25519', `${ed.base64}$(id)`],
      ['ssh-ed25519', 'A'.repeat(4000)],
    ];
    for (const [type, base64] of hostile) {
      // The type is checked at run time too: a caller may hold a wider string.
      expect(() => commandLine({ verb: 'auth-add-key', keyType: type as 'ssh-ed25519', keyBase64: base64 }), `${type} ${base64.slice(0, 30)}`).toThrow(ProtocolError);
    }
    expect(() => commandLine({ verb: 'auth-remove-key', fingerprint: `${fp} ; rm -rf /` })).toThrow();
    expect(() => commandLine({ verb: 'auth-remove-key', fingerprint: 'MD5:aa:bb' })).toThrow();
    for (const line of [
      'b2b-agent auth',
      'b2b-agent auth list now',
      'b2b-agent auth add-key ssh-ed25519',
      `b2b-agent auth add-key ssh-dss ${ed.base64}`,
      `b2b-agent auth add-key ssh-ed25519 ${ed.base64} extra`,
      `b2b-agent auth add-key restrict,command="x" ${ed.base64}`,
      'b2b-agent auth remove-key',
      'b2b-agent auth remove-key SHA256:short',
      `b2b-agent auth remove-key ${fp}x`,
    ]) {
      expect(parseCommandLine(line), line).toHaveProperty('error');
    }
  });

  it('decodes strict base64 only', () => {
    expect(decodeBase64('aGk=')).toEqual(new Uint8Array([104, 105]));
    expect(decodeBase64('aGk')).toBeNull();
    expect(decodeBase64('a-k=')).toBeNull();
  });

  it('parses the answers and the new error codes', () => {
    const list = { protocol: '1.1', ok: true, data: { keys: [{ type: 'ssh-ed25519', fingerprint: fp, comment: 'console' }], session: fp } };
    expect(parseAnswer('auth-list', JSON.stringify(list))).toEqual({ ok: true, data: list.data });
    const inUse = { protocol: '1.1', ok: false, error: { code: 'E_KEY_IN_USE', message: 'this session logged in with that key' } };
    expect(parseAnswer('auth-remove-key', JSON.stringify(inUse))).toEqual({ ok: false, error: inUse.error });
    expect(() => parseAnswer('auth-list', JSON.stringify({ protocol: '1.1', ok: true, data: { keys: [{ type: 'x', fingerprint: 'MD5:1', comment: '' }], session: null } }))).toThrow(ProtocolError);
  });
});
