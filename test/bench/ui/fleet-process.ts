// The simulated schools in a child process. Their SSH servers are not on the console's
// machine in real life, so the benchmark keeps their CPU apart from the console's and,
// once the first poll round is in, below it in priority. The console's own polling stays.
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetHandle } from '../../../electron/server/dev-fleet.ts';
import { startFleet, type SiteDescriptor } from '../../../sim/index.ts';

interface ChildOptions {
  sites: number;
  seed: string;
  faultRate: number;
}
type FromChild = { type: 'ready'; sites: SiteDescriptor[]; privateKey: string } | { type: 'failed'; message: string };

export interface ChildFleet extends FleetHandle {
  /** Lets the console and the browser go first when the CPU is contended. */
  lowerPriority(): void;
}

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;
const here = fileURLToPath(import.meta.url);

export function startChildFleet(opts: ChildOptions): Promise<ChildFleet> {
  const child = fork(here, ['--fleet-child', JSON.stringify(opts)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.send({ type: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the simulated fleet did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the fleet process exited early (${child.exitCode ?? child.signalCode ?? '?'})`));
    });
    child.once('message', (m: FromChild) => {
      clearTimeout(timer);
      if (m.type === 'failed') {
        void close().then(() => reject(new Error(m.message)));
        return;
      }
      resolve({
        sites: m.sites,
        clientPrivateKey: m.privateKey,
        lowerPriority: () => {
          if (child.pid !== undefined) os.setPriority(child.pid, 19);
        },
        close,
      });
    });
  });
}

async function runChild(raw: string): Promise<void> {
  const o = JSON.parse(raw) as ChildOptions;
  const fleet = await startFleet({ sites: o.sites, seed: o.seed, faultRate: o.faultRate, speed: 1, controlPort: false });
  const stop = () => void fleet.close().finally(() => process.exit(0));
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') stop();
  });
  // The benchmark died without saying stop: do not linger holding 2,000 ports.
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', sites: [...fleet.sites], privateKey: fleet.clientKey.privateKey } satisfies FromChild);
}

if (process.argv[1] && path.resolve(process.argv[1]) === here && process.argv[2] === '--fleet-child') {
  runChild(process.argv[3] ?? '{}').catch((err: unknown) => {
    process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromChild);
    process.exit(1);
  });
}
