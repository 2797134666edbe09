// The pure decisions behind a GIAS import: what GIAS may change, where a position may come
// from, which LA a file is read for, and a position estimated from postcodes.
import { describe, expect, it } from 'vitest';
import { planGiasImport, registerLa } from '../../../electron/core/register/gias-plan.ts';
import { estimateFromPostcode } from '../../../electron/core/register/place-by-postcode.ts';
import type { GiasEstablishment } from '../../../shared/gias.ts';
import type { Site } from '../../../shared/site.ts';

const est = (urn: number, over: Partial<GiasEstablishment> = {}): GiasEstablishment => ({
  urn, laestab: `999${String(urn).slice(-4)}`, laCode: '999', name: `School ${urn}`, la: 'Brackenfield', type: 'Community school', typeGroup: 'Local authority maintained schools',
  status: 'Open', phase: 'Primary', pupils: 200, trust: null, street: '1 Road', town: 'Brackenfield', postcode: 'WM4 2UA', easting: 399179, northing: 294931,
  latitude: 52.55, longitude: -2.01, reasonOpened: null, reasonClosed: null, openDate: null, closeDate: null, ...over,
});
const site = (id: number, e: GiasEstablishment, over: Partial<Site> = {}): Site => ({
  id, urn: e.urn, laestab: e.laestab, name: e.name, type: e.type, typeGroup: e.typeGroup, phase: e.phase, trust: e.trust, area: 'North', pupils: e.pupils,
  latitude: e.latitude, longitude: e.longitude, host: null, port: 22, user: null, tags: [], postcode: e.postcode, street: e.street, town: e.town, giasStatus: e.status,
  locationSource: 'gias', notes: '', demo: false, createdAt: '', updatedAt: '', archivedAt: null, archivedBy: null, ...over,
});

describe('planGiasImport', () => {
  it('moves a GIAS position, but never one a person or a postcode estimate placed, and never erases one', () => {
    const moved = est(100001, { latitude: 52.6, longitude: -2.1 });
    const register = [
      site(1, est(100001)),
      site(2, est(100002), { locationSource: 'manual', latitude: 52.4, longitude: -1.9 }),
      site(3, est(100003), { locationSource: 'postcode' }),
      site(4, est(100004)),
    ];
    const plan = planGiasImport({ establishments: [moved, est(100002, { latitude: 52.7 }), est(100003, { latitude: 52.7 }), est(100004, { latitude: null, longitude: null })], notOpen: [], register, laCode: '999' });
    expect(plan.change).toEqual([{ siteId: 1, urn: 100001, name: 'School 100001', locationSource: 'gias', changes: [{ field: 'latitude', before: 52.55, after: 52.6 }, { field: 'longitude', before: -2.01, after: -2.1 }] }]);
    expect(plan.unchanged).toBe(3);
  });

  it('seeds the area from the postcode district on creation only; skips URNs of removed or demo sites', () => {
    const plan = planGiasImport({
      establishments: [est(100001, { postcode: 'WM12 7QX' }), est(100002), est(100003)],
      notOpen: [],
      register: [site(2, est(100002), { archivedAt: 'x', archivedBy: 'Jo' }), site(3, est(100003), { demo: true })],
      laCode: '999',
    });
    expect(plan.create.map((c) => [c.urn, c.area, c.locationSource])).toEqual([[100001, 'WM12', 'gias']]);
    expect(plan.removed.map((r) => r.urn)).toEqual([100002, 100003]);
  });
});

describe('registerLa and estimateFromPostcode', () => {
  it('defaults to the LA most registered schools are in, if the file has it', () => {
    const register = [site(1, est(100001)), site(2, est(100002)), site(3, est(100003, { laestab: '8881000' }))];
    expect(registerLa(register, [{ code: '888' }, { code: '999' }])).toBe('999');
    expect(registerLa(register, [{ code: '777' }])).toBeNull();
  });

  it('takes the sector first, then the district, never another estimate', () => {
    const register = [
      site(1, est(100001, { postcode: 'WM4 2AB', latitude: 52.0, longitude: -2.0 })),
      site(2, est(100002, { postcode: 'WM4 2CD', latitude: 52.2, longitude: -2.2 })),
      site(3, est(100003, { postcode: 'WM4 9ZZ', latitude: 53.0, longitude: -1.0 })),
      site(4, est(100004, { postcode: 'WM5 1AA', latitude: 51.0, longitude: -3.0 }), { locationSource: 'postcode' }),
    ];
    const sector = estimateFromPostcode({ id: 9, postcode: 'WM4 2XY' }, register);
    expect(sector).toMatchObject({ latitude: 52.1, longitude: -2.1, from: 2 });
    expect(sector?.basis).toMatch(/sector WM4 2$/);
    const district = estimateFromPostcode({ id: 9, postcode: 'WM4 7XY' }, register);
    expect(district?.from).toBe(3);
    expect(district?.basis).toMatch(/district WM4$/);
    expect(estimateFromPostcode({ id: 9, postcode: 'WM5 1XY' }, register)).toBeNull();
    expect(estimateFromPostcode({ id: 9, postcode: null }, register)).toBeNull();
  });
});
