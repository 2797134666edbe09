// The stock OpenSSH client against the simulator, and the CLI end to end:
// GIAS in, sites file + client key + known_hosts out, `ssh … b2b-agent status` works.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalConfig, commandLine, parseAnswer, StatusSchema } from '../../../shared/protocol/v1.ts';
import { fingerprintOfLine, type SitesFile } from '../../../sim/index.ts';
import { tempDir } from './helpers.ts';

const SSH = '/usr/bin/ssh';
const hasSsh = existsSync(SSH);
if (!hasSsh) console.log(`skipping OpenSSH tests: ${SSH} is not installed (apt-get install -y openssh-client)`);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let tmp: { dir: string; remove: () => void };
let cli: ReturnType<typeof spawn>;
let sitesFile: SitesFile;
let controlUrl = '';

function ssh(args: { key: string; port: number; user: string; knownHosts: string; strict: 'yes' | 'accept-new' }, line: string, input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    SSH,
    ['-F', '/dev/null', '-i', args.key, '-p', String(args.port), '-o', `UserKnownHostsFile=${args.knownHosts}`, '-o', `StrictHostKeyChecking=${args.strict}`, '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'LogLevel=ERROR', `${args.user}@127.0.0.1`, line],
    { input: input ?? '', encoding: 'utf8', timeout: 20_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  tmp = tempDir('sim-cli');
  const out = join(tmp.dir, 'fleet');
  cli = spawn(process.execPath, ['sim/cli.ts', '--gias', 'test/fixtures/gias-brackenfield.csv', '--seed', '3', '--faults', '0', '--speed', '0', '--start', '2026-11-18T10:00:00Z', '--out', out], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    cli.stdout?.on('data', (d: Buffer) => {
      log += d.toString('utf8');
      const m = /control API: (\S+)/.exec(log);
      if (m?.[1]) {
        controlUrl = m[1];
        resolve();
      }
    });
    cli.stderr?.on('data', (d: Buffer) => (log += d.toString('utf8')));
    cli.once('exit', (code) => reject(new Error(`sim exited early (${String(code)}): ${log}`)));
  });
  expect(log).toContain('GIAS: 42 rows, 40 open establishments, 2 not open, 0 rows with problems');
  expect(log).toMatch(/skipped URN 141043 \(Birchwood Academy\): status is "Closed", not open/);
  sitesFile = JSON.parse(readFileSync(join(out, 'sites.json'), 'utf8')) as SitesFile;
});

afterAll(async () => {
  if (cli.exitCode === null) {
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
  tmp.remove();
});

describe('CLI and stock ssh', () => {
  it('writes a sites file the console can load', () => {
    expect(sitesFile.format).toBe('b2b-fleet-sim/sites@1');
    expect(sitesFile.controlUrl).toBe(controlUrl);
    expect(sitesFile.sites).toHaveLength(40);
    const s = sitesFile.sites.find((x) => x.urn === 141005);
    expect(s).toMatchObject({ name: 'St Margaret’s Catholic Primary School', laestab: '9992000', host: '127.0.0.1', user: 'b2b-141005', typeGroup: 'Local authority maintained schools', phase: 'Primary' });
    expect(s?.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(s?.latitude).toBeCloseTo(52.55, 1);
  });

  it.skipIf(!hasSsh)('runs `b2b-agent status` through /usr/bin/ssh and gets a valid document', () => {
    const site = sitesFile.sites[0];
    if (!site) throw new Error('no sites');
    const r = ssh({ key: sitesFile.clientKeyFile, port: site.port, user: site.user, knownHosts: join(tmp.dir, 'kh-new'), strict: 'accept-new' }, 'b2b-agent status');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const answer = parseAnswer('status', r.stdout);
    expect(answer.ok).toBe(true);
    if (answer.ok) StatusSchema.parse(answer.data);
    // The key ssh pinned is the one in the sites file.
    expect(readFileSync(join(tmp.dir, 'kh-new'), 'utf8')).toContain(site.hostKey.split(' ')[1]);
  });

  it.skipIf(!hasSsh)('pins host keys with the written known_hosts and notices a changed key', async () => {
    const site = sitesFile.sites[1];
    if (!site) throw new Error('no sites');
    const knownHosts = join(sitesFile.clientKeyFile, '..', 'known_hosts');
    const target = { key: sitesFile.clientKeyFile, port: site.port, user: site.user, knownHosts, strict: 'yes' as const };
    expect(ssh(target, 'b2b-agent diag').code).toBe(0);
    const res = await fetch(`${controlUrl}/sites/${site.urn}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'host-key-changed' }) });
    expect(res.status).toBe(200);
    const r = ssh(target, 'b2b-agent status');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
  });

  it.skipIf(!hasSsh)('applies a config sent on stdin and refuses a shell', () => {
    const site = sitesFile.sites[2];
    if (!site) throw new Error('no sites');
    const target = { key: sitesFile.clientKeyFile, port: site.port, user: site.user, knownHosts: join(tmp.dir, 'kh-apply'), strict: 'accept-new' as const };
    const got = parseAnswer('config-get', ssh(target, 'b2b-agent config get').stdout);
    if (!got.ok) throw new Error(got.error.message);
    const config = { ...got.data.config, schedule: { ...got.data.config.schedule, pupils: ['00:30'] } };
    const r = ssh(target, commandLine({ verb: 'config-apply', expectHash: got.data.hash, config }), canonicalConfig(config));
    const applied = parseAnswer('config-apply', r.stdout);
    expect(applied.ok && applied.data.verified).toBe(true);
    const shell = spawnSync(SSH, ['-F', '/dev/null', '-tt', '-i', target.key, '-p', String(site.port), '-o', `UserKnownHostsFile=${target.knownHosts}`, '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR', `${site.user}@127.0.0.1`], {
      input: '',
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(shell.status).not.toBe(0);
  });

  it.skipIf(!hasSsh)('writes a client key OpenSSH reads, with the fingerprint the fleet reports', () => {
    const r = spawnSync('ssh-keygen', ['-l', '-f', `${sitesFile.clientKeyFile}.pub`], { encoding: 'utf8' });
    if (r.error) return; // ssh-keygen missing: the ssh tests above already cover the key
    const fingerprint = fingerprintOfLine(readFileSync(`${sitesFile.clientKeyFile}.pub`, 'utf8'));
    expect(r.stdout).toBe(`256 ${fingerprint} b2b-console@fleet-sim (ED25519)\n`);
  });
});
