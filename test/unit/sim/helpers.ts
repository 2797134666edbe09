// Test helpers: a real SSH client (ssh2) against simulated schools, over loopback.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { SiteDescriptor } from '../../../sim/index.ts';

export interface SshResult {
  stdout: string;
  stderr: string;
  code: number | null;
  /** Host key fingerprint the server offered ("SHA256:…"). */
  fingerprint: string;
}

export interface SshOptions {
  stdin?: string;
  readyTimeout?: number;
  user?: string;
}

/** Runs one exec line on a site over real SSH; rejects on transport or auth failure. */
export function sshExec(site: Pick<SiteDescriptor, 'host' | 'port' | 'user'>, privateKey: string, line: string, options: SshOptions = {}): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let fingerprint = '';
    let settled = false;
    const done = (err: Error | null, result?: SshResult): void => {
      if (settled) return;
      settled = true;
      client.end();
      if (err) reject(err);
      else if (result) resolve(result);
    };
    client.on('error', (err) => done(err));
    client.on('close', () => done(new Error('connection closed before the command finished')));
    client.on('ready', () => {
      client.exec(line, (err, stream) => {
        if (err) return done(err);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        stream.on('exit', (c: number | null) => (code = c));
        stream.on('close', () => done(null, { stdout, stderr, code, fingerprint }));
        if (options.stdin !== undefined) stream.end(options.stdin);
        else stream.end();
      });
    });
    client.connect({
      sock: connect({ host: site.host, port: site.port, noDelay: true }),
      username: options.user ?? site.user,
      privateKey,
      readyTimeout: options.readyTimeout ?? 10_000,
      hostVerifier: (key: Buffer) => {
        fingerprint = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
        return true;
      },
    });
  });
}

/** A fresh temporary directory for one test, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One request to a fleet's control API; the answer's status and parsed JSON body. */
export function controlCall(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { method, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
    });
    req.on('socket', (s) => s.setNoDelay(true));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
