// Starts Debian's OpenSSH sshd on a loopback port with its own config, host key and
// authorized_keys file, for tests that must prove the console works against the real
// thing. Needs root (sshd drops privileges per session; useradd).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import ssh2 from 'ssh2';
import { fingerprintOfPublicKeyLine } from '../../electron/core/ssh/fingerprint.ts';

export const SSHD = '/usr/sbin/sshd';
// CommonJS: Node's ESM loader does not see `utils` as a named export.
const { utils } = ssh2;

/** Why these tests cannot run here, or null when they can. */
export function sshdUnavailableReason(): string | null {
  if (process.platform !== 'linux') return `sshd tests run on Linux only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'sshd tests need root (to run sshd and create the agent user)';
  if (!fs.existsSync(SSHD)) return `${SSHD} is missing (apt-get install -y openssh-server)`;
  return null;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message || `exit ${r.status}`}`);
}

/**
 * A dedicated login user whose shell is /bin/sh. Root is avoided on purpose: its shell
 * start-up is slow, and an agent must never need it.
 */
export function ensureAgentUser(name: string): void {
  if (spawnSync('id', [name]).status !== 0) run('useradd', ['-m', '-s', '/bin/sh', name]);
  // useradd leaves the password locked ("!"), which sshd without PAM treats as a locked account.
  run('usermod', ['-p', '*', name]);
}

export function userIds(name: string): { uid: number; gid: number } {
  const read = (flag: string): number => Number(spawnSync('id', [flag, name], { encoding: 'utf8' }).stdout.trim());
  return { uid: read('-u'), gid: read('-g') };
}

/**
 * An ed25519 key pair in OpenSSH format. ssh2 1.17's generator strips every leading zero
 * byte of the public key, not only the BIT STRING padding, so about 1 key in 256 comes out
 * 31 bytes long and is rejected by ssh2 and sshd alike: such keys are drawn again.
 */
export function newEd25519KeyPair(passphrase?: string): { private: string; public: string } {
  for (;;) {
    const pair =
      passphrase === undefined
        ? utils.generateKeyPairSync('ed25519')
        : utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 4 });
    if (!(utils.parseKey(pair.public) instanceof Error)) return pair;
  }
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface SshdOptions {
  /** A fresh directory for the config, host key, pid file and log. */
  dir: string;
  allowUser: string;
  /** An authorized_keys file the user can read. */
  authorizedKeysFile: string;
}

export interface Sshd {
  host: string;
  port: number;
  /** `SHA256:…` of the host key, to pin. */
  fingerprint: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(options: SshdOptions): Promise<Sshd> {
  const hostKey = newEd25519KeyPair();
  const keyFile = path.join(options.dir, 'ssh_host_ed25519_key');
  fs.writeFileSync(keyFile, hostKey.private, { mode: 0o600 });
  fs.writeFileSync(`${keyFile}.pub`, `${hostKey.public}\n`);
  const port = await freePort();
  const conf = path.join(options.dir, 'sshd_config');
  fs.writeFileSync(
    conf,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${keyFile}`,
      `PidFile ${path.join(options.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${options.authorizedKeysFile}`,
      // The keys file lives in a temp dir that /tmp's mode would fail StrictModes for.
      'StrictModes no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      `AllowUsers ${options.allowUser}`,
      'UsePAM no',
      'PrintMotd no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  // The privilege-separation directory; Debian's init script makes it, we run without one.
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  run(SSHD, ['-t', '-f', conf]);

  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log += chunk;
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sshd exited (${code ?? 'signal'}) before listening:\n${log}`)));
    child.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    host: '127.0.0.1',
    port,
    fingerprint: fingerprintOfPublicKeyLine(hostKey.public),
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
