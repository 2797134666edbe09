import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../electron/core/dispatch.ts';
import { silentLogger } from '../../../electron/core/log.ts';
import { AppFailure } from '../../../shared/result.ts';

const site = { id: 1, urn: 141885, laestab: null, name: 'A', type: null, typeGroup: null, phase: null, trust: null, area: null, pupils: null, latitude: null, longitude: null, host: 'h', port: 22, user: 'u', tags: [], demo: false, createdAt: '', updatedAt: '', archivedAt: null, archivedBy: null, postcode: null, street: null, town: null, giasStatus: null, locationSource: null, notes: '' };

function dispatcher(overrides: Partial<Handlers> = {}) {
  const base: Partial<Handlers> = {
    'app.info': (_req, { actor }) => ({ version: '1', mode: 'browser', dataDir: '/tmp', demo: false, operator: actor }),
    'sites.list': () => [],
    'sites.get': ({ id }) => {
      throw new AppFailure('not_found', `No site with id ${id}`);
    },
    'sites.create': () => site,
    'sites.update': () => site,
    'sites.remove': () => ({ removed: true }),
  };
  // Only the channels these tests call; the rest are never reached.
  return createDispatcher({ ...base, ...overrides } as Handlers, silentLogger);
}

describe('dispatch', () => {
  it('answers ok with the handler data', async () => {
    expect(await dispatcher()('sites.list', {})).toEqual({ ok: true, data: [] });
  });

  it('refuses unknown channels, including inherited names', async () => {
    for (const name of ['sites.drop', 'constructor', '__proto__', 7]) {
      const r = await dispatcher()(name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('refuses a bad payload with a message naming the field', async () => {
    const r = await dispatcher()('sites.create', { site: { urn: 'x', name: 'A', host: 'h', user: 'u' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('validation');
    expect(r.error.message).toContain('site.urn');
    expect(r.error.fields?.['site.urn']).toBeDefined();
  });

  it('turns an AppFailure into its error', async () => {
    expect(await dispatcher()('sites.get', { id: 5 })).toEqual({ ok: false, error: { code: 'not_found', message: 'No site with id 5' } });
  });

  it('says plainly when the disk is full', async () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    const r = await dispatcher({
      'sites.list': () => {
        throw full;
      },
    })('sites.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('disk is full') as unknown } });
  });
});
