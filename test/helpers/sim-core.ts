// A simulated fleet and a console core polling it: what integration tests, benchmarks
// and the demo share. The core runs on the fleet's clock, so the agents' timestamps
// and the console's idea of "now" agree however fast the simulation runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../electron/core/core.ts';
import type { ActionTimings } from '../../electron/core/actions/action-service.ts';
import type { RolloutTimings } from '../../electron/core/config/rollout-service.ts';
import type { RotationTimings } from '../../electron/core/keys/key-rotation-service.ts';
import type { PollServiceOptions } from '../../electron/core/poller/poll-service.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { startFleet, type Fleet, type FleetOptions } from '../../sim/index.ts';

export interface SimCore {
  fleet: Fleet;
  core: Core;
  dataDir: string;
  /** Site id in the console for a URN. */
  idOf(urn: number): number;
  close(): Promise<void>;
}

export async function startSimCore(
  fleetOptions: FleetOptions,
  opts: {
    poller?: PollServiceOptions;
    actions?: Partial<ActionTimings>;
    rollouts?: Partial<RolloutTimings>;
    keyRotations?: Partial<RotationTimings>;
    dampingPolls?: number;
    dataDir?: string;
    /** Sites registered with no pinned key (their first key waits for approval). */
    unpinned?: (index: number) => boolean;
  } = {},
): Promise<SimCore> {
  const fleet = await startFleet({ controlPort: false, ...fleetOptions });
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-simcore-'));
  const core = await createCore({ dataDir, mode: 'browser', version: 'test', clock: fleet.clock, startPolling: false, poller: opts.poller, actions: opts.actions, rollouts: opts.rollouts, keyRotations: opts.keyRotations });
  const ctx = core.context;
  await ctx.settings.set('dampingPolls', opts.dampingPolls ?? 1);
  await ctx.credentials.save('default', { privateKey: fleet.clientKey.privateKey });
  const sites = await importSites(
    { store: ctx.store, now: () => ctx.clock.now() },
    fleet.sites.map((s, i) => ({ ...s, hostKeyFingerprint: opts.unpinned?.(i) ? null : s.hostKeyFingerprint })),
    { approvedBy: 'test' },
  );
  const ids = new Map(sites.map((s) => [s.urn, s.id]));
  await ctx.poller.start();
  return {
    fleet,
    core,
    dataDir,
    idOf: (urn) => {
      const id = ids.get(urn);
      if (id === undefined) throw new Error(`no site for URN ${urn}`);
      return id;
    },
    close: async () => {
      await core.close();
      await fleet.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
