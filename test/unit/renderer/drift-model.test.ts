// Drift in the fleet views: what the filter keeps, what the header counts (changed locally
// apart from drift), and which state a map cluster shows.
import { describe, expect, it } from 'vitest';
import { configMatches, driftCounts, driftWords, worstState } from '../../../renderer/src/config/drift-model.ts';

describe('drift model', () => {
  it('filters on one state, or on every state that needs a look', () => {
    expect(configMatches('drift', '')).toBe(true);
    expect(configMatches(undefined, 'drift')).toBe(false);
    expect(configMatches('changed-locally', 'needs-look')).toBe(true);
    expect(configMatches('invalid', 'needs-look')).toBe(true);
    expect(configMatches('in-sync', 'needs-look')).toBe(false);
    expect(configMatches('unmanaged', 'unmanaged')).toBe(true);
  });

  it('counts drift and local changes apart, and words them separately', () => {
    const c = driftCounts(['drift', 'drift', 'changed-locally', 'in-sync', 'unknown', 'invalid']);
    expect(c).toEqual({ drift: 2, changedLocally: 1, invalid: 1 });
    expect(driftWords(c)).toEqual({ drift: '2 config drift', local: '1 changed locally', invalid: '1 invalid config' });
    expect(driftWords(driftCounts(['in-sync']))).toEqual({ drift: '', local: '', invalid: '' });
  });

  it('shows a cluster by its worst state, a local change worst of all', () => {
    expect(worstState(['in-sync', 'drift', 'unmanaged'])).toBe('drift');
    expect(worstState(['drift', 'changed-locally'])).toBe('changed-locally');
    expect(worstState([])).toBe('in-sync');
  });
});
