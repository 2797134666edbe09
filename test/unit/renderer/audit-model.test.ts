import { describe, expect, it } from 'vitest';
import { checkpointText, EMPTY_FORM, shortHash, toQuery, verificationText } from '../../../renderer/src/views/audit/audit-model.ts';

const HASH = 'ab'.repeat(32);

describe('audit view model', () => {
  it('turns the filter form into the core filter: trimmed text, London days with the "to" day included', () => {
    expect(toQuery(EMPTY_FORM)).toEqual({ ok: true, query: {} });
    expect(toQuery({ actor: ' Sam Patel ', siteId: 3, action: ' site.create', fromDate: '2026-03-29', toDate: '2026-03-29' })).toEqual({
      ok: true,
      // 29 March 2026 is the day the clocks go forward: 23 hours long.
      query: { actor: 'Sam Patel', siteId: 3, action: 'site.create', from: Date.UTC(2026, 2, 29, 0), to: Date.UTC(2026, 2, 29, 23) },
    });
    expect(toQuery({ ...EMPTY_FORM, fromDate: '2026-07-01' })).toEqual({ ok: true, query: { from: Date.UTC(2026, 5, 30, 23) } });
  });

  it('refuses a range that ends before it starts, and text that is not a date', () => {
    expect(toQuery({ ...EMPTY_FORM, fromDate: '2026-03-02', toDate: '2026-03-01' })).toEqual({ ok: false, problem: 'The "to" date is before the "from" date' });
    expect(toQuery({ ...EMPTY_FORM, toDate: '1/3/2026' })).toEqual({ ok: false, problem: 'The "to" date is not a date' });
  });

  it('says what verification found, naming the first bad entry', () => {
    expect(verificationText({ ok: true, count: 12, headHash: HASH, firstBad: null, checkpoint: null })).toBe('Intact: 12 entries, head abababababab');
    expect(verificationText({ ok: true, count: 0, headHash: null, firstBad: null, checkpoint: null })).toBe('Intact: no entries yet');
    expect(verificationText({ ok: false, count: 12, headHash: HASH, firstBad: { id: 7, position: 7, problem: 'its content does not match its hash' }, checkpoint: null })).toBe(
      'Tampered: entry #7 — its content does not match its hash',
    );
  });

  it('gives the export checkpoint in full, as audit:verify takes it', () => {
    expect(checkpointText({ count: 5, hash: HASH })).toBe(`Checkpoint: 5 entries, head ${HASH} (audit:verify --checkpoint 5:${HASH})`);
    expect(checkpointText(null)).toBe('No checkpoint: the audit trail is empty.');
    expect(shortHash(null)).toBe('—');
  });
});
