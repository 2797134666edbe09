import { describe, expect, it } from 'vitest';
import { channels } from '../../../shared/contract.ts';
import { AcknowledgeInputSchema, NoteInputSchema } from '../../../shared/incidents.ts';
import { fieldErrors } from '../../../shared/result.ts';
import { SiteInputSchema } from '../../../shared/site.ts';

const valid = { urn: 141885, name: 'Birchwood Academy', host: '10.1.2.3', user: 'b2b' };

/** Field path → message for an input the schema must refuse. */
function errorsOf(input: Record<string, unknown>): Record<string, string> {
  const r = SiteInputSchema.safeParse({ ...valid, ...input });
  expect(r.success).toBe(false);
  return r.success ? {} : fieldErrors(r.error);
}

describe('site input validation', () => {
  it.each([
    ['-oProxyCommand=touch /tmp/x', /cannot start with "-"/],
    [':::', /IPv6/],
    ['999.999.999.999', /IPv4/],
    ['a..b', /empty part/],
    ['x'.repeat(64), /at most 63/],
  ])('refuses host %j at the host field', (host, message) => {
    expect(errorsOf({ host })).toEqual({ host: expect.stringMatching(message) as unknown });
  });

  it.each([
    ['name', 'Safe\u202eexe.txt'],
    ['name', 'Birch\u2066wood'],
    ['name', 'Birch\u200fwood'],
    ['name', 'Birch\u061cwood'],
    ['name', 'Birch\u0007wood'],
    ['name', 'Birch\u007fwood'],
    ['name', 'Birch\u0085wood'],
    ['trust', 'Oak\u202aTrust'],
    ['area', 'North\u0000'],
  ])('refuses hidden characters in %s', (field, value) => {
    expect(errorsOf({ [field]: value })[field]).toMatch(/not allowed/);
  });

  it('refuses hidden characters in a tag, on that tag', () => {
    expect(errorsOf({ tags: ['ok', 'bad\u202e'] })['tags.1']).toMatch(/not allowed/);
  });

  it.each(['-oProxyCommand', 'b2b user', 'b2b\tuser', 'b2b\u0000'])('refuses SSH user %j', (user) => {
    expect(Object.keys(errorsOf({ user }))).toEqual(['user']);
  });

  it('refuses a latitude without a longitude, at the longitude', () => {
    expect(errorsOf({ latitude: 52.4 })).toEqual({ longitude: 'Give a longitude too, or clear the latitude' });
  });

  it('refuses a longitude without a latitude, at the latitude', () => {
    expect(errorsOf({ longitude: -1.5 })).toEqual({ latitude: 'Give a latitude too, or clear the longitude' });
  });

  it('reports every bad field at once', () => {
    expect(Object.keys(errorsOf({ host: '-x', latitude: 52.4, name: 'A\u202eB' })).sort()).toEqual(['host', 'longitude', 'name']);
  });

  it('accepts both coordinates, or neither, and ordinary names', () => {
    expect(SiteInputSchema.safeParse({ ...valid, latitude: 52.4, longitude: -1.5 }).success).toBe(true);
    expect(SiteInputSchema.safeParse({ ...valid, name: "St Mary's C of E (Aided) — Ærø", host: 'fe80::1' }).success).toBe(true);
  });

  it('puts a bad site field under site.<field> in the create request', () => {
    const r = channels['sites.create'].request.safeParse({ site: { ...valid, host: '999.999.999.999' } });
    expect(r.success ? {} : fieldErrors(r.error)).toEqual({ 'site.host': 'Not a valid IPv4 address' });
  });
});

describe('incident notes and people', () => {
  it('refuses hidden characters in a note but keeps its line breaks', () => {
    expect(NoteInputSchema.safeParse({ author: 'Sam', text: 'line one\nline two\ttabbed' }).success).toBe(true);
    const r = NoteInputSchema.safeParse({ author: 'Sam', text: 'rebooted \u202eexe.txt' });
    expect(r.success ? {} : fieldErrors(r.error)).toEqual({ text: expect.stringMatching(/not allowed/) as unknown });
    const bell = NoteInputSchema.safeParse({ author: 'Sam', text: 'ding\u0007' });
    expect(bell.success).toBe(false);
  });

  it('refuses hidden characters in the author, the acknowledger and the assignee', () => {
    expect(NoteInputSchema.safeParse({ author: 'Sam\u202e', text: 'fine' }).success).toBe(false);
    expect(AcknowledgeInputSchema.safeParse({ by: 'Sam\u200e' }).success).toBe(false);
    expect(channels['incidents.assign'].request.safeParse({ id: 1, assignee: 'Sam\u0085' }).success).toBe(false);
  });
});
