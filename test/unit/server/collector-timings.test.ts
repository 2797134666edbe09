// The collector's test-only timings (B2B_TEST_TIMINGS): read strictly, so a typo fails loudly
// instead of leaving a test on the production defaults; unset, nothing changes.
import { describe, expect, it } from 'vitest';
import { CollectorConfigError, parseCollectorArgs, parseTestTimings } from '../../../electron/server/collector.ts';

describe('B2B_TEST_TIMINGS', () => {
  it('is empty when unset, and passes the timings given', () => {
    expect(parseTestTimings(undefined)).toEqual({});
    expect(parseTestTimings('')).toEqual({});
    expect(parseTestTimings('{"leases":{"ttlMs":6000},"rollouts":{"tickMs":200},"keyRotations":{"scanMs":500}}')).toEqual({ leases: { ttlMs: 6000 }, rollouts: { tickMs: 200 }, keyRotations: { scanMs: 500 } });
    expect(parseCollectorArgs(['--db', 'postgres://u@127.0.0.1/b'], { B2B_TEST_TIMINGS: '{"leases":{"everyMs":1000}}' }).timings).toEqual({ leases: { everyMs: 1000 } });
    expect(parseCollectorArgs(['--db', 'postgres://u@127.0.0.1/b'], {}).timings).toEqual({});
  });

  it('refuses what is not JSON, an unknown timing and a time that is not a positive whole number of ms', () => {
    for (const bad of ['{', '{"leases":{"ttl":6000}}', '{"polls":{}}', '{"rollouts":{"tickMs":-1}}', '{"rollouts":{"tickMs":1.5}}', '[]']) {
      expect(() => parseTestTimings(bad), bad).toThrow(CollectorConfigError);
    }
    expect(() => parseTestTimings('{"leases":{"ttl":6000}}')).toThrow(/B2B_TEST_TIMINGS is not valid/);
  });
});
