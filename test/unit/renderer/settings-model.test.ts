import { describe, expect, it } from 'vitest';
import { describeSeconds, formatMb, hourlyRollupMb, numberFrom, tagOverrides, validatePatch } from '../../../renderer/src/views/settings/settings-model.ts';

describe('settings validation, worded for people', () => {
  it('says what range a number must be in', () => {
    expect(validatePatch({ pollIntervalS: 5 })).toEqual({ pollIntervalS: 'Must be 30 or more' });
    expect(validatePatch({ pollIntervalS: 100_000 })).toEqual({ pollIntervalS: 'Must be 86,400 or less' });
    expect(validatePatch({ dampingPolls: numberFrom('two') })).toEqual({ dampingPolls: 'Enter a number' });
    expect(validatePatch({ dampingPolls: 1.5 })).toEqual({ dampingPolls: 'Enter a whole number' });
  });

  it('reports nested fields by their path and a back-to-front term on its end date', () => {
    const errors = validatePatch({
      terms: [{ name: '', start: '2026-04-01', end: '2026-01-05' }],
      retention: { rawHours: 48, hourlyDays: 1 },
      map: { tiles: 'os', osApiKey: 'has spaces' },
    });
    expect(errors).toEqual({
      'terms.0.name': 'Required',
      'terms.0.end': 'A term ends after it starts',
      'retention.hourlyDays': 'Must be 7 or more',
      'map.osApiKey': 'An OS API key is letters, digits and dashes',
    });
  });

  it('accepts a valid patch', () => {
    expect(validatePatch({ pollIntervalS: 300, closures: ['2025-10-24'], correlation: { percent: 12.5, minSites: 5, windowMin: 10 } })).toEqual({});
  });

  it('reads numbers as people type them', () => {
    expect(numberFrom(' 86,400 ')).toBe(86_400);
    expect(Number.isNaN(numberFrom(''))).toBe(true);
  });
});

describe('per-tag intervals', () => {
  it('reports blank and repeated tags and bad intervals on their rows', () => {
    const { value, errors } = tagOverrides([
      { tag: 'secondary', seconds: '120' },
      { tag: ' ', seconds: '60' },
      { tag: 'secondary', seconds: '90' },
      { tag: 'north', seconds: '10' },
    ]);
    expect(value).toEqual({ secondary: 120, north: 10 });
    expect(errors).toEqual({
      'pollIntervalByTagS.1.tag': 'Enter a tag',
      'pollIntervalByTagS.2.tag': 'This tag is already listed',
      'pollIntervalByTagS.3.seconds': 'Must be 30 or more',
    });
  });
});

describe('database size estimate', () => {
  it('is 1.35 MB a day per 1,000 sites for hourly rollups', () => {
    expect(hourlyRollupMb(90, 2000)).toBeCloseTo(243);
    expect(formatMb(243)).toBe('243 MB');
    expect(formatMb(hourlyRollupMb(730, 5000))).toBe('4.8 GB');
  });

  it('puts intervals into words', () => {
    expect(describeSeconds(300)).toBe('5 min');
    expect(describeSeconds(5400)).toBe('1 h 30 min');
    expect(describeSeconds(Number.NaN)).toBe('');
  });
});
