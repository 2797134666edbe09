// The action dialog's model: what a preset starts from, how typed pacing becomes the
// request (or a message at the field), and the words for a run's outcomes.
import { describe, expect, it } from 'vitest';
import { actionTitle, initialForm, pacingOf, paramsOf } from '../../../renderer/src/actions/action-form.ts';
import { openCount, verificationLabel } from '../../../renderer/src/actions/action-format.ts';

describe('action dialog form', () => {
  it('starts from a remedy’s resync with its dataset, and from a restart otherwise', () => {
    const resync = initialForm({ kind: 'resync', dataset: 'attendance' }, 16);
    expect(paramsOf(resync)).toEqual({ kind: 'resync', dataset: 'attendance' });
    expect(actionTitle(resync)).toBe('Resync attendance');
    expect(paramsOf(initialForm(undefined, 16))).toEqual({ kind: 'restart' });
    // Logs are not offered here (site detail has them), so a logs preset falls back to restart.
    expect(paramsOf(initialForm({ kind: 'logs', tail: 50 }, 16))).toEqual({ kind: 'restart' });
    expect(initialForm(undefined, 8).concurrency).toBe('8');
  });

  it('sends whole numbers, leaves blanks out, and names each field that is not a whole number', () => {
    const f = initialForm(undefined, 16);
    expect(pacingOf({ ...f, concurrency: '1', waveSize: '5', wavePauseS: '30' })).toEqual({ pacing: { concurrency: 1, waveSize: 5, wavePauseS: 30 }, errors: {} });
    expect(pacingOf({ ...f, concurrency: ' 4 ', waveSize: '', wavePauseS: '' })).toEqual({ pacing: { concurrency: 4, waveSize: null }, errors: {} });
    const bad = pacingOf({ ...f, concurrency: 'lots', waveSize: '2.5', wavePauseS: '-1' });
    expect(Object.keys(bad.errors).sort()).toEqual(['pacing.concurrency', 'pacing.wavePauseS', 'pacing.waveSize']);
  });

  it('says Checking… only for what was sent and may have changed the school', () => {
    expect(verificationLabel({ verification: 'pending', state: 'succeeded' })).toBe('Checking…');
    expect(verificationLabel({ verification: 'pending', state: 'queued' })).toBe('—');
    expect(verificationLabel({ verification: 'cleared', state: 'succeeded' })).toBe('Verified');
    expect(verificationLabel({ verification: 'not-cleared', state: 'timed-out' })).toBe('Not cleared');
    expect(openCount({ counts: { queued: 2, waiting: 1, running: 3, succeeded: 9 } })).toBe(6);
  });
});
