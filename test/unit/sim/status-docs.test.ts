// Every answer from every kind of school validates against the protocol, at any sim time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnswer, ProtocolError, type AgentVerb } from '../../../shared/protocol/v1.ts';
import { startFleet, type Fleet } from '../../../sim/index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ sites: 400, seed: 11, faultRate: 0.4, start: Date.parse('2026-11-18T10:00:00Z'), speed: 0, controlPort: false });
});
afterAll(async () => {
  await fleet.close();
});

const VERBS: ReadonlyArray<[AgentVerb, string]> = [
  ['status', 'b2b-agent status'],
  ['diag', 'b2b-agent diag'],
  ['logs', 'b2b-agent logs --tail 1000'],
  ['config-get', 'b2b-agent config get'],
];

describe('status documents', () => {
  it.each([
    ['term-time morning', '2026-11-18T10:00:00Z'],
    ['the middle of the night', '2026-11-19T02:10:00Z'],
    ['a Sunday', '2026-11-22T12:00:00Z'],
    ['the Christmas holiday', '2026-12-30T09:00:00Z'],
    ['summer time', '2027-06-15T13:20:00Z'],
  ])('validate for 400 schools at %s', async (_label, time) => {
    await fleet.control.setClock({ time });
    let protocolFaults = 0;
    for (const t of fleet.control.truth()) {
      for (const [verb, line] of VERBS) {
        const r = fleet.control.exec(t.urn, line);
        if (t.expected === 'protocol') {
          expect(() => parseAnswer(verb, r.stdout)).toThrow(ProtocolError);
          protocolFaults++;
          continue;
        }
        const answer = parseAnswer(verb, r.stdout);
        expect(answer.ok, `${t.urn} ${verb}`).toBe(true);
        expect(r.exitCode).toBe(0);
      }
    }
    expect(protocolFaults).toBeGreaterThan(0);
  });

  it('keeps the holidays quiet: no transfer attempts during the Christmas break', async () => {
    await fleet.control.setClock({ time: '2027-01-03T20:00:00Z' });
    for (const site of fleet.control.truth().filter((t) => t.expected !== 'protocol')) {
      const a = parseAnswer('status', fleet.control.exec(site.urn, 'b2b-agent status').stdout);
      if (!a.ok) continue;
      for (const d of Object.values(a.data.datasets)) {
        if (d.lastAttempt !== null && d.runningSince === null) expect(Date.parse(d.lastAttempt)).toBeLessThan(Date.parse('2026-12-19T00:00:00Z'));
      }
    }
  });
});
