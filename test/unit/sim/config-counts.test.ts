// The ground truth counts each school's successful config applies (per hash) and rollbacks,
// so a benchmark can prove nothing was applied twice; refused commands count nothing.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { canonicalConfig, commandLine, type AgentConfig } from '../../../shared/protocol/v1.ts';
import { startFleet, type Fleet } from '../../../sim/index.ts';

const START = Date.parse('2026-11-18T10:00:00Z');
let fleet: Fleet;
let urn: number;

beforeEach(async () => {
  fleet = await startFleet({ sites: 2, seed: 'counts', faultRate: 0, start: START, speed: 0, controlPort: false, transientFailureRate: 0 });
  urn = fleet.sites[0]?.urn ?? 0;
});
afterEach(async () => {
  await fleet.close();
});

const apply = (expectHash: string, config: AgentConfig) => fleet.control.exec(urn, commandLine({ verb: 'config-apply', expectHash, config }), canonicalConfig(config));
const current = () => JSON.parse(fleet.control.exec(urn, 'b2b-agent config get').stdout) as { data: { hash: string; config: AgentConfig } };

it('counts successful applies per hash and rollbacks, not refused ones', async () => {
  expect(fleet.control.truthOf(urn)).toMatchObject({ configApplies: {}, configRollbacks: 0 });
  const before = current().data;
  const next = { ...before.config, logLevel: before.config.logLevel === 'warn' ? ('info' as const) : ('warn' as const) };
  expect(apply(before.hash, next).exitCode).toBe(0);
  const to = fleet.control.truthOf(urn).configHash;
  // The same compare-and-swap again is refused: the site is no longer on `before`.
  expect(apply(before.hash, next).exitCode).toBe(1);
  expect(fleet.control.truthOf(urn)).toMatchObject({ configApplies: { [to]: 1 }, configRollbacks: 0 });
  expect(fleet.control.exec(urn, 'b2b-agent config rollback').exitCode).toBe(0);
  await fleet.control.inject(urn, { name: 'disk-full' });
  expect(apply(before.hash, next).exitCode).toBe(1);
  expect(fleet.control.truthOf(urn)).toMatchObject({ configHash: before.hash, configApplies: { [to]: 1 }, configRollbacks: 1 });
  expect(fleet.control.truthOf(fleet.sites[1]?.urn ?? 0)).toMatchObject({ configApplies: {}, configRollbacks: 0 });
});
