// OpenSSH known_hosts, read the way sshd's clients read it (sshd(8) "SSH_KNOWN_HOSTS FILE
// FORMAT"), so a school's own file can vouch for the keys the console is offered. Pure:
// text in, entries and unreadable lines out; nothing here trusts anything by itself.
import { createHmac } from 'node:crypto';
import { hostKeyFingerprint } from '../ssh/fingerprint.ts';

export type KnownHostMarker = 'cert-authority' | 'revoked' | null;

export interface KnownHostEntry {
  line: number;
  marker: KnownHostMarker;
  /** The comma-separated host patterns as written (hashed ones stay hashed). */
  patterns: string[];
  keyType: string;
  fingerprint: string;
}

export interface KnownHostsProblem {
  line: number;
  message: string;
}

export interface KnownHosts {
  entries: KnownHostEntry[];
  problems: KnownHostsProblem[];
}

export type KnownHostsVerdict = 'matches' | 'differs' | 'not-listed' | 'revoked';

const MARKERS: Record<string, KnownHostMarker> = { '@cert-authority': 'cert-authority', '@revoked': 'revoked' };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key blob's own type, or null when the base64 is not an SSH public key. */
function blobType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len <= 0 || 4 + len > blob.length) return null;
  return blob.subarray(4, 4 + len).toString('latin1');
}

function parseLine(text: string, line: number): KnownHostEntry | KnownHostsProblem {
  const fields = text.split(/[ \t]+/);
  let marker: KnownHostMarker = null;
  if (fields[0]?.startsWith('@')) {
    const m = MARKERS[fields[0]];
    if (m === undefined) return { line, message: `unknown marker ${fields[0].slice(0, 40)} (only @cert-authority and @revoked exist)` };
    marker = m;
    fields.shift();
  }
  const [hosts, keyType, key] = fields;
  if (!hosts || !keyType || !key) return { line, message: 'expected host names, a key type and a base64 key' };
  if (!BASE64.test(key)) return { line, message: 'the key is not base64' };
  const blob = Buffer.from(key, 'base64');
  const inner = blobType(blob);
  if (inner === null) return { line, message: 'the key is not an SSH public key' };
  if (inner !== keyType) return { line, message: `the key says it is ${inner.slice(0, 40)}, the line says ${keyType.slice(0, 40)}` };
  const patterns = hosts.split(',').filter((p) => p !== '');
  if (patterns.length === 0) return { line, message: 'no host names' };
  const badHash = patterns.find((p) => p.startsWith('|') && !hashedParts(p));
  if (badHash !== undefined) return { line, message: 'a hashed host name is not |1|salt|hash' };
  return { line, marker, patterns, keyType, fingerprint: hostKeyFingerprint(blob) };
}

/** Every line: entries, and the lines that cannot be read with their numbers. Comments and blank lines are skipped. */
export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const parsed = parseLine(t, i + 1);
    if ('message' in parsed) problems.push(parsed);
    else entries.push(parsed);
  });
  return { entries, problems };
}

function hashedParts(pattern: string): { salt: Buffer; hash: Buffer } | null {
  const m = /^\|1\|([A-Za-z0-9+/]+={0,2})\|([A-Za-z0-9+/]+={0,2})$/.exec(pattern);
  if (!m?.[1] || !m[2]) return null;
  const salt = Buffer.from(m[1], 'base64');
  const hash = Buffer.from(m[2], 'base64');
  return salt.length === 20 && hash.length === 20 ? { salt, hash } : null;
}

/** How OpenSSH names a host in known_hosts: bare on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|')) {
    const parts = hashedParts(pattern);
    return parts !== null && createHmac('sha1', parts.salt).update(name).digest().equals(parts.hash);
  }
  return wildcard(pattern, name);
}

/** Whether the entry's host patterns name this host; a matching negated pattern (`!pat`) rules the line out. */
export function entryNamesHost(entry: Pick<KnownHostEntry, 'patterns'>, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  let hit = false;
  for (const p of entry.patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) hit = true;
  }
  return hit;
}

/**
 * What the file says about the key a host presents. A revoked key is revoked whatever host
 * its line names (it must never be trusted anywhere); certificate authorities vouch for
 * certificates, not plain keys, so they neither match nor differ.
 */
export function checkAgainstKnownHosts(kh: KnownHosts, host: string, port: number, fingerprint: string): KnownHostsVerdict {
  if (kh.entries.some((e) => e.marker === 'revoked' && e.fingerprint === fingerprint)) return 'revoked';
  const named = kh.entries.filter((e) => e.marker === null && entryNamesHost(e, host, port));
  if (named.some((e) => e.fingerprint === fingerprint)) return 'matches';
  return named.length > 0 ? 'differs' : 'not-listed';
}

/** Every fingerprint the file revokes. */
export function revokedFingerprints(kh: KnownHosts): Set<string> {
  return new Set(kh.entries.filter((e) => e.marker === 'revoked').map((e) => e.fingerprint));
}
