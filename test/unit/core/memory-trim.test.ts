import { describe, expect, it } from 'vitest';
import { exposeGc, MemoryTrim, type GcFunction } from '../../../electron/core/memory-trim.ts';

const MB = 1_048_576;

function harness(start = 100 * MB) {
  const s = { rss: start, now: 0, busy: false, gcs: 0, afterGc: start };
  const gc: GcFunction = () => {
    s.gcs++;
    s.rss = s.afterGc;
  };
  const trim = new MemoryTrim({ gc, rss: () => s.rss, now: () => s.now, busy: () => s.busy });
  return { s, trim };
}

describe('MemoryTrim', () => {
  it('trims once the resident size has grown by the threshold, and only then', () => {
    const { s, trim } = harness();
    s.rss = 150 * MB;
    expect(trim.check()).toBeUndefined();
    s.rss = 170 * MB;
    s.afterGc = 110 * MB;
    expect(trim.check()).toMatchObject({ beforeBytes: 170 * MB, afterBytes: 110 * MB });
    expect(s.gcs).toBe(1);
  });

  it('waits while polling is busy, and keeps a gap between trims', () => {
    const { s, trim } = harness();
    s.rss = 400 * MB;
    s.afterGc = 100 * MB;
    s.busy = true;
    expect(trim.check()).toBeUndefined();
    s.busy = false;
    expect(trim.check()).toBeDefined();
    s.rss = 400 * MB;
    s.now = 10_000;
    expect(trim.check()).toBeUndefined();
    s.now = 31_000;
    expect(trim.check()).toBeDefined();
    expect(s.gcs).toBe(2);
  });

  it('does not repeat a trim that freed nothing: memory really in use becomes the new baseline', () => {
    const { s, trim } = harness();
    s.rss = 300 * MB;
    s.afterGc = 300 * MB;
    expect(trim.check()).toBeDefined();
    s.now = 60_000;
    expect(trim.check()).toBeUndefined();
    s.rss = 370 * MB;
    expect(trim.check()).toBeDefined();
  });

  it('does nothing without a collector', () => {
    const trim = new MemoryTrim({ gc: undefined, rss: () => 900 * MB, now: () => 0, busy: () => false });
    expect(trim.check()).toBeUndefined();
  });
});

describe('exposeGc on this Node', () => {
  it('gives a working collector without putting gc on the global object', () => {
    const had = 'gc' in globalThis;
    const gc = exposeGc();
    expect(typeof gc).toBe('function');
    expect('gc' in globalThis).toBe(had);
  });

  it('hands back the pages a burst of garbage left resident', () => {
    const gc = exposeGc();
    if (!gc) throw new Error('no collector');
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const before = process.memoryUsage.rss();
    // ~300 MB of short-lived objects.
    let junk: unknown[] = [];
    for (let i = 0; i < 2_000_000; i++) junk.push({ i, s: `x${i}`, a: [i] });
    const grown = process.memoryUsage.rss();
    junk = [];
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    const after = process.memoryUsage.rss();
    expect(junk).toHaveLength(0);
    expect(grown - before).toBeGreaterThan(150 * MB);
    // Most of the growth is returned (Node 24 keeps it all without the last-resort collection).
    expect(after - before).toBeLessThan((grown - before) / 3);
  });
});
