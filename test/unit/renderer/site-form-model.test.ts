import { describe, expect, it } from 'vitest';
import { errorsByField } from '../../../renderer/src/views/sites/site-form-model.ts';

describe('the site form puts messages at its fields', () => {
  it("moves the core's site.<field> and site.tags.<n> messages onto the form's fields", () => {
    expect(errorsByField({ 'site.host': 'Not a valid IPv4 address', 'site.tags.1': 'bad tag', 'site.longitude': 'Give a longitude too' })).toEqual({
      host: 'Not a valid IPv4 address',
      tags: 'bad tag',
      longitude: 'Give a longitude too',
    });
  });
});
