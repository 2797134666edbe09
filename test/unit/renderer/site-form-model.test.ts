import { describe, expect, it } from 'vitest';
import { emptyForm, errorsByField, siteInputFromForm, validateForm } from '../../../renderer/src/views/sites/site-form-model.ts';

describe('the site form puts messages at its fields', () => {
  it("moves the core's site.<field> and site.tags.<n> messages onto the form's fields", () => {
    expect(errorsByField({ 'site.host': 'Not a valid IPv4 address', 'site.tags.1': 'bad tag', 'site.longitude': 'Give a longitude too' })).toEqual({
      host: 'Not a valid IPv4 address',
      tags: 'bad tag',
      longitude: 'Give a longitude too',
    });
  });
});

describe('a register site waiting for its host', () => {
  const school = { ...emptyForm, urn: '141005', name: 'St Margaret’s', notes: 'Key with the caretaker\nRing first' };
  it('may keep host and user blank, and keeps its notes', () => {
    expect(validateForm(school, true)).toEqual({});
    expect(siteInputFromForm(school, true)).toMatchObject({ host: null, user: null, notes: 'Key with the caretaker\nRing first' });
  });
  it('a site being added (or set up) still needs both', () => {
    expect(validateForm(school)).toMatchObject({ host: 'Host is required', user: 'User is required' });
    expect(validateForm({ ...school, host: '10.0.0.5' }, true)).toEqual({ user: 'User is required' });
  });
});
