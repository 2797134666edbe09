// The simulator's schools must pass the same conformance suite as the reference agent
// behind OpenSSH, so whatever the console learns against the simulator holds for real hosts.
import { afterAll, beforeAll } from 'vitest';
import { startFleet, type Fleet } from '../../sim/index.ts';
import { authConformance } from './protocol-auth-suite.ts';
import { protocolConformance, type ConformanceTarget } from './protocol-suite.ts';

let fleet: Fleet | null = null;
let target: ConformanceTarget;

beforeAll(async () => {
  // No faults and no transient failures: the suite checks the protocol, not fault handling.
  fleet = await startFleet({ sites: 1, seed: 'conformance', faultRate: 0, transientFailureRate: 0, controlPort: false });
  const site = fleet.sites[0];
  if (site === undefined) throw new Error('the fleet has no site');
  target = {
    connection: {
      target: { host: site.host, port: site.port, username: site.user },
      credentials: { privateKey: fleet.clientKey.privateKey },
      pinnedFingerprint: site.hostKeyFingerprint,
    },
    unreachableEndpoint: 'https://old-b2b-server.example/capitaone/b2b',
  };
});

afterAll(async () => {
  await fleet?.close();
});

protocolConformance('simulated school', () => target);
authConformance('simulated school', () => target);
