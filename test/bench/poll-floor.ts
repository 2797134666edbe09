// The physical floor of a poll over SSH, for bench:poll: the agent's `status` exec'd bare
// with ssh2 on the console's own open connections (no limiter, no protocol parsing, no
// verdict, no store), measured the way the bench measures a console round.
import type { Client } from 'ssh2';
import type { ConnectionPool } from '../../electron/core/poller/connection-pool.ts';
import { commandLine } from '../../shared/protocol/v1.ts';

export interface FloorRound {
  wallMs: number;
  cpuMs: number;
  /** Sites exec'd: those with an open connection when the round began. */
  sites: number;
}

// As many in flight as the pool allows the console (DEFAULT_POOL_LIMITS.maxExecs).
const IN_FLIGHT = 256;

function bareExec(client: Client, line: string): Promise<number> {
  return new Promise((resolve, reject) => {
    client.exec(line, (err, ch) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let code: number | null = null;
      ch.on('data', (c: Buffer) => chunks.push(c));
      ch.stderr.resume();
      ch.on('exit', (c: number | null) => (code = c));
      ch.on('close', () => {
        const answer = Buffer.concat(chunks);
        // A floor made of failed execs would flatter the console.
        if (code !== 0 || answer.length === 0) reject(new Error(`bare status exec: exit ${String(code)}, ${answer.length} bytes`));
        else resolve(answer.length);
      });
      // The console sends EOF too (stdin null): the agent may wait for it.
      ch.end();
    });
  });
}

export async function floorRound(pool: ConnectionPool, siteIds: Iterable<number>): Promise<FloorRound> {
  const clients: Client[] = [];
  for (const id of siteIds) {
    const client = pool.openConnection(id)?.sshClient;
    if (client) clients.push(client);
  }
  const line = commandLine({ verb: 'status' });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < clients.length) {
      const client = clients[next++];
      if (client) await bareExec(client, line);
    }
  };
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, sites: clients.length };
}
