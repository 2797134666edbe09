// The shell reference agent installed by its own install.sh for a dedicated user, behind
// Debian's OpenSSH sshd on a loopback port: what the agent and action tests reach over SSH.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureAgentUser, newEd25519KeyPair, startSshd, userIds, type Sshd } from './sshd.ts';

const REPO = path.resolve(import.meta.dirname, '../..');

export interface ReferenceAgent {
  sshd: Sshd;
  /** The agent user's home: world/ stages what its stand-in service can reach, log/ its log. */
  home: string;
  /** The console's key pair, authorised for the agent user. */
  consoleKey: { private: string; public: string };
  /** Stops the stand-in service the agent started (it runs as the agent user) and sshd. */
  stop(): Promise<void>;
}

/** Installs into `dir` (which must be world-readable: the agent user reads its code there). */
export async function startReferenceAgent(dir: string, user: string): Promise<ReferenceAgent> {
  fs.chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  ensureAgentUser(user);
  const consoleKey = newEd25519KeyPair();
  fs.writeFileSync(path.join(dir, 'console.pub'), `${consoleKey.public}\n`);
  // In a directory of the agent user's own, as ~/.ssh is: auth add-key / remove-key replace the file by rename.
  const sshDir = path.join(dir, 'dot-ssh');
  fs.mkdirSync(sshDir, { mode: 0o700 });
  const { uid, gid } = userIds(user);
  fs.chownSync(sshDir, uid, gid);
  const authorizedKeys = path.join(sshDir, 'authorized_keys');
  execFileSync('sh', [
    path.join(REPO, 'agent/install.sh'),
    ...['--user', user, '--prefix', path.join(dir, 'opt'), '--home', home, '--bin-dir', 'none'],
    ...['--pubkey', path.join(dir, 'console.pub'), '--authorized-keys', authorizedKeys],
  ]);
  fs.mkdirSync(path.join(dir, 'sshd'));
  const sshd = await startSshd({ dir: path.join(dir, 'sshd'), allowUser: user, authorizedKeysFile: authorizedKeys });
  return { sshd, home, consoleKey, stop: async () => {
    await stopStandInService(dir, home);
    await sshd.stop();
  } };
}

/** The service the agent started runs as the agent user; stop exactly that process and wait for it. */
async function stopStandInService(dir: string, home: string): Promise<void> {
  const pidFile = path.join(home, 'run/service.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  // An exited process (or a zombie awaiting init) has an empty command line.
  const isService = (): boolean => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path.join(dir, 'opt/b2b-service'));
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !isService()) return;
  process.kill(pid, 'SIGTERM');
  // It writes its last log line on the way out; removing the directory must wait for that.
  for (let i = 0; i < 100 && isService(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}
