// parseAnswer's quick yes for a status (isPlainStatus) must never differ from the schema: what
// it passes, the schema passes and returns unchanged (same keys, same order, same JSON); what the
// schema refuses, it refuses too; and a real agent's status is plain, or the quick path is idle.
import { describe, expect, it } from 'vitest';
import { isPlainStatus, parseAnswer, StatusSchema } from '../../../shared/protocol/v1.ts';
import { generateSchools } from '../../../sim/generate.ts';
import { makeProfile } from '../../../sim/profile.ts';
import { SchoolModel } from '../../../sim/school.ts';
import { statusAt } from '../../../sim/status.ts';

const START = Date.parse('2026-11-18T10:30:00Z');
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function simulatedStatuses(): Json[] {
  const schools = generateSchools(120, 'quick-status').map((id) => new SchoolModel(makeProfile('quick-status', id, START), { seed: 'quick-status', transientFailureRate: 0.2 }));
  // Night and day, weekday and weekend: transfers running, failed, late.
  return schools.flatMap((s, i) => [0, 7, 15, 26, 50].map((h) => JSON.parse(JSON.stringify(statusAt(s, START + (h + i) * 3_600_000))) as Json));
}

const BAD_VALUES: Json[] = [null, true, 0, -1, 1.5, 2 ** 60, '', 'x'.repeat(41), 'x'.repeat(2049), {}, [], '2026-11-18T10:30:00', '2026-11-18 10:30:00Z', '2026-13-18T10:30:00Z', '2026-11-18T10:30:00+24:00'];
const GOOD_VALUES: Json[] = ['2026-11-18T10:30:00+01:00', '2026-11-18T10:30:00.123Z', 'x'.repeat(40), 0, 12];

/** Every way to change one place in the document: each leaf replaced, each key dropped, a key added, two keys swapped. */
function* mutants(doc: Json): Generator<Json> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return;
  const keys = Object.keys(doc);
  for (const k of keys) {
    for (const v of [...BAD_VALUES, ...GOOD_VALUES]) yield { ...doc, [k]: v };
    for (const inner of mutants(doc[k] ?? null)) yield { ...doc, [k]: inner };
    const { [k]: _dropped, ...rest } = doc;
    yield rest;
  }
  yield { ...doc, extra: 1 };
  if (keys.length > 1) {
    const [a, b, ...others] = keys as [string, string, ...string[]];
    yield Object.fromEntries([b, a, ...others].map((key) => [key, doc[key] ?? null]));
  }
}

describe('isPlainStatus, the quick yes for a status', () => {
  const docs = simulatedStatuses();

  it('passes every simulated agent status, and parseAnswer returns what the schema returns, byte for byte', () => {
    for (const doc of docs) {
      expect(isPlainStatus(doc)).toBe(true);
      const parsed = parseAnswer('status', JSON.stringify({ protocol: '1.1', ok: true, data: doc }));
      expect(parsed.ok).toBe(true);
      expect(JSON.stringify(parsed.ok && parsed.data)).toBe(JSON.stringify(StatusSchema.parse(doc)));
    }
  });

  it('never passes what the schema refuses, and what it passes the schema returns unchanged', () => {
    let refused = 0;
    let passed = 0;
    for (const doc of docs.slice(0, 6)) {
      for (const m of mutants(doc)) {
        const schema = StatusSchema.safeParse(m);
        if (isPlainStatus(m)) {
          passed++;
          expect(schema.success).toBe(true);
          expect(JSON.stringify(schema.data)).toBe(JSON.stringify(m));
        } else if (!schema.success) refused++;
      }
    }
    // Both kinds were met: the mutants reach each check.
    expect(refused).toBeGreaterThan(500);
    expect(passed).toBeGreaterThan(50);
  });

  it('leaves a document that is not plain to the schema, with its own message', () => {
    const doc = docs[0] as { [k: string]: Json };
    const stdout = JSON.stringify({ protocol: '1.1', ok: true, data: { ...doc, host: { ...(doc.host as object), diskFreeMb: -5 } } });
    expect(() => parseAnswer('status', stdout)).toThrow(/diskFreeMb/);
    const extra = parseAnswer('status', JSON.stringify({ protocol: '1.1', ok: true, data: { ...doc, future: 'field' } }));
    expect(extra.ok && Object.keys(extra.data)).toEqual(Object.keys(StatusSchema.shape));
  });
});
