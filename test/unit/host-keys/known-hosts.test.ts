import { describe, expect, it } from 'vitest';
import { checkAgainstKnownHosts, entryNamesHost, parseKnownHosts, revokedFingerprints } from '../../../electron/core/host-keys/known-hosts.ts';
import { deriveEd25519 } from '../../../sim/host-keys.ts';

// A fixed key and the fingerprint `ssh-keygen -lf` prints for it.
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICmOL85x8B/odcdENLV3GFS/yy3ixvN363BdHaWpU1yQ';
const FP = 'SHA256:bSt//4WIgVAqb2pm203TKrKBw8UPqdurgmx/IVnIn3A';
// Written by `ssh-keygen -H` for school.example.org and [10.1.2.3]:2222 (OpenSSH's own hashing).
const HASHED_PLAIN = '|1|uAeHyZdxV5KX0ifDsu6EgmN+WSQ=|zvGt5c2XRpugNxF7IGDYvH8lx0g=';
const HASHED_PORT = '|1|vocbb0HQhQSMURdwOWEyV13Voe4=|EsQGY850/9UCzP1xYG713++/jFM=';
const other = deriveEd25519('kh-test', 'other');
const revoked = deriveEd25519('kh-test', 'revoked');

describe('known_hosts parsing', () => {
  it('reads plain, bracketed, comma-separated and hashed names, markers, comments and blank lines', () => {
    const kh = parseKnownHosts(
      [
        '# the school IT export',
        '',
        `school.example.org,10.0.0.5 ${KEY} root@school`,
        `[other.example.org]:2200 ${other.publicKey}`,
        `${HASHED_PORT} ${KEY}`,
        `@cert-authority *.example.org ${other.publicKey}`,
        `@revoked * ${revoked.publicKey}`,
        '   ',
      ].join('\r\n'),
    );
    expect(kh.problems).toEqual([]);
    expect(kh.entries.map((e) => [e.line, e.marker, e.fingerprint])).toEqual([
      [3, null, FP],
      [4, null, other.fingerprint],
      [5, null, FP],
      [6, 'cert-authority', other.fingerprint],
      [7, 'revoked', revoked.fingerprint],
    ]);
    expect(kh.entries[0]?.patterns).toEqual(['school.example.org', '10.0.0.5']);
    expect(revokedFingerprints(kh)).toEqual(new Set([revoked.fingerprint]));
  });

  it('lists the lines it cannot read with their numbers, and reads the rest', () => {
    const kh = parseKnownHosts(
      [
        `good.example.org ${KEY}`,
        'just-a-host',
        `@trusted host ${KEY}`,
        'host ssh-ed25519 !!!notbase64',
        `host ssh-rsa ${KEY.split(' ')[1] ?? ''}`,
        'host ssh-ed25519 AAAA',
        `|1|short|hash ${KEY}`,
        `fine.example.org ${other.publicKey}`,
      ].join('\n'),
    );
    expect(kh.entries.map((e) => e.line)).toEqual([1, 8]);
    expect(kh.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(kh.problems[1]?.message).toMatch(/unknown marker @trusted/);
    expect(kh.problems[3]?.message).toMatch(/says it is ssh-ed25519.*ssh-rsa/);
  });
});

describe('matching a presented key', () => {
  const kh = parseKnownHosts(
    [`${HASHED_PLAIN} ${KEY}`, `${HASHED_PORT} ${KEY}`, `[other.example.org]:2200,!bad.example.org ${other.publicKey}`, `*.wild.example.org ${other.publicKey}`, `@revoked * ${revoked.publicKey}`, `@cert-authority * ${KEY}`].join('\n'),
  );

  it('matches hashed names on port 22 and as [host]:port, and nothing else', () => {
    expect(checkAgainstKnownHosts(kh, 'School.Example.org', 22, FP)).toBe('matches');
    expect(checkAgainstKnownHosts(kh, '10.1.2.3', 2222, FP)).toBe('matches');
    // The same host on another port is another name.
    expect(checkAgainstKnownHosts(kh, '10.1.2.3', 22, FP)).toBe('not-listed');
    expect(checkAgainstKnownHosts(kh, 'school.example.org', 22, other.fingerprint)).toBe('differs');
  });

  it('matches bracketed ports and wildcards; a negated pattern rules its line out', () => {
    expect(checkAgainstKnownHosts(kh, 'other.example.org', 2200, other.fingerprint)).toBe('matches');
    expect(checkAgainstKnownHosts(kh, 'other.example.org', 22, other.fingerprint)).toBe('not-listed');
    expect(checkAgainstKnownHosts(kh, 'a.wild.example.org', 22, FP)).toBe('differs');
    expect(entryNamesHost({ patterns: ['*.example.org', '!bad.example.org'] }, 'bad.example.org', 22)).toBe(false);
    expect(entryNamesHost({ patterns: ['*.example.org', '!bad.example.org'] }, 'ok.example.org', 22)).toBe(true);
    expect(entryNamesHost({ patterns: ['host?.example.org'] }, 'host1.example.org', 22)).toBe(true);
    expect(entryNamesHost({ patterns: ['10.0.0.*'] }, '10.0.0.5', 22)).toBe(true);
    expect(entryNamesHost({ patterns: ['10.0.0.*'] }, '10.0.1.5', 22)).toBe(false);
  });

  it('calls a revoked key revoked whatever host presents it; a CA line vouches for no plain key', () => {
    expect(checkAgainstKnownHosts(kh, 'school.example.org', 22, revoked.fingerprint)).toBe('revoked');
    expect(checkAgainstKnownHosts(kh, 'nowhere.example.net', 22, revoked.fingerprint)).toBe('revoked');
    expect(checkAgainstKnownHosts(kh, 'nowhere.example.net', 22, FP)).toBe('not-listed');
  });
});
