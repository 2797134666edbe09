import { describe, expect, it } from 'vitest';
import { damp, type DampState } from '../../../shared/health/damping.ts';
import type { Verdict } from '../../../shared/health/verdict.ts';

function run(seq: Verdict[], required = 2): Verdict[] {
  let state: DampState | null = null;
  return seq.map((v) => (state = damp(state, v, required)).effective);
}

describe('damping', () => {
  it.each([
    ['first result takes effect at once', ['failing'], ['failing']],
    ['one blip is ignored', ['healthy', 'failing', 'healthy'], ['healthy', 'healthy', 'healthy']],
    ['two in a row change it', ['healthy', 'failing', 'failing'], ['healthy', 'healthy', 'failing']],
    ['alternating never settles', ['healthy', 'failing', 'unreachable', 'failing', 'unreachable'], ['healthy', 'healthy', 'healthy', 'healthy', 'healthy']],
    ['recovery needs two as well', ['failing', 'healthy', 'failing', 'healthy', 'healthy'], ['failing', 'failing', 'failing', 'failing', 'healthy']],
    ['maintenance is immediate', ['healthy', 'maintenance', 'failing', 'failing'], ['healthy', 'maintenance', 'failing', 'failing']],
  ] as [string, Verdict[], Verdict[]][])('%s', (_n, seq, expected) => {
    expect(run(seq)).toEqual(expected);
  });

  it('with required = 1 follows every result', () => {
    expect(run(['healthy', 'failing', 'healthy'], 1)).toEqual(['healthy', 'failing', 'healthy']);
  });
});
