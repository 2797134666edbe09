// The template and override editor's model: typed settings become the contract's fields (or
// a message at the field), "not set" leaves a setting out, and saved fields come back as typed.
import { describe, expect, it } from 'vitest';
import { atFields, emptyForm, fieldsFromForm, formFromFields, parseTimes, setCount } from '../../../renderer/src/config/config-form.ts';
import { configRows, describeValue, fieldRows, pathLabel, shortHash } from '../../../renderer/src/config/config-format.ts';

describe('config field form', () => {
  it('sends only the settings marked as set', () => {
    const f = emptyForm();
    f.endpointUrl = { set: true, value: ' https://one.example.gov.uk/b2b ' };
    f.times.attendance = { set: true, value: '13:30, 2:00' };
    f.proxy = { set: true, value: '' };
    expect(fieldsFromForm(f)).toEqual({ ok: true, fields: { endpointUrl: 'https://one.example.gov.uk/b2b', schedule: { attendance: ['13:30', '02:00'] }, proxy: null } });
    expect(fieldsFromForm(emptyForm())).toEqual({ ok: true, fields: {} });
  });

  it('names each wrong setting at its field, as the core keys it', () => {
    const f = emptyForm();
    f.endpointUrl = { set: true, value: 'http://plain.example' };
    f.times.attendance = { set: true, value: '25:00' };
    f.days.pupils = { set: true, value: [] };
    f.proxy = { set: true, value: 'no port' };
    const r = fieldsFromForm(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['days.pupils', 'endpointUrl', 'proxy', 'schedule.attendance']);
    expect(r.errors['schedule.attendance']).toMatch(/HH:MM/);
  });

  it('round-trips saved fields and counts what a layer sets', () => {
    const fields = { endpointUrl: 'https://saas.example/b2b', schedule: { pupils: ['02:00'] }, days: { assessment: [5] }, enabled: ['pupils' as const, 'attendance' as const], logLevel: 'debug' as const, proxy: 'proxy.la.gov.uk:8080' };
    const back = fieldsFromForm(formFromFields(fields));
    expect(back).toEqual({ ok: true, fields });
    expect(setCount(fields)).toBe(6);
  });

  it('reads times however they are separated, and folds list indexes into the field', () => {
    expect(parseTimes('02:00 13:30;  9:15')).toEqual(['02:00', '13:30', '09:15']);
    expect(atFields({ 'schedule.attendance.1': 'A time is HH:MM', 'fields.endpointUrl': 'https only' })).toEqual({ 'schedule.attendance': 'A time is HH:MM', endpointUrl: 'https only' });
  });
});

describe('config words', () => {
  it('names paths and values as a person reads them', () => {
    expect(pathLabel('schedule.attendance')).toBe('Attendance times');
    expect(pathLabel('days.pupils')).toBe('Pupils and contacts days');
    expect(pathLabel('mis.server')).toBe('MIS server');
    expect(describeValue('days.pupils', [1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(describeValue('proxy', null)).toBe('none');
    expect(describeValue('enabled', ['pupils', 'attendance', 'exclusions', 'assessment'])).toBe('all');
    expect(describeValue('schedule.pupils', ['02:00', '13:00'])).toBe('02:00, 13:00');
    expect(describeValue('endpointUrl', undefined)).toBe('not set');
    expect(shortHash('sha256:772b85eda489aaaa')).toBe('772b85eda4');
  });

  it('lists a whole config and a layer’s settings in a fixed order', () => {
    const cfg = { endpointUrl: 'https://a.example/', schoolId: '1234567', mis: { product: 'SIMS', server: 's', database: 'd' }, schedule: { pupils: ['01:00'], attendance: ['02:00'], exclusions: ['03:00'], assessment: ['04:00'] }, days: { pupils: [1], attendance: [1], exclusions: [1], assessment: [1] }, logLevel: 'info' as const, proxy: null };
    expect(configRows(cfg).map((r) => r.path).slice(0, 6)).toEqual(['endpointUrl', 'schoolId', 'mis.product', 'mis.server', 'mis.database', 'schedule.pupils']);
    expect(configRows(cfg).at(-3)).toEqual({ path: 'enabled', value: ['pupils', 'attendance', 'exclusions', 'assessment'] });
    expect(fieldRows({ proxy: null, endpointUrl: 'https://x.example/' }).map((r) => r.path)).toEqual(['endpointUrl', 'proxy']);
  });
});
