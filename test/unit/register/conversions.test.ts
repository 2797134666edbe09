// Issue 12, item 2: which registered schools became academies under a new URN.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findConversions, type RegisterEntry } from '../../../electron/core/register/conversions.ts';
import type { GiasLink } from '../../../electron/core/register/gias-links.ts';
import { readGias } from '../../../electron/core/register/gias-reader.ts';
import type { GiasEstablishment } from '../../../shared/gias.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gias-brackenfield.csv');

const entry = (urn: number, over: Partial<RegisterEntry> = {}): RegisterEntry => ({
  siteId: urn - 100000,
  urn,
  laestab: null,
  name: `School ${urn}`,
  host: '10.0.0.5',
  port: 22,
  user: 'b2b',
  archived: false,
  area: 'North',
  tags: ['secondary'],
  notes: 'Server in the bursar\u2019s office',
  credential: 'fleet-key',
  hostKeyPinned: true,
  template: 'standard',
  hasOverride: true,
  ...over,
});

const school = (urn: number, over: Partial<GiasEstablishment> = {}): GiasEstablishment => ({
  urn,
  laestab: null,
  laCode: '999',
  name: `Establishment ${urn}`,
  la: 'Brackenfield',
  type: null,
  typeGroup: null,
  status: 'Open',
  phase: null,
  pupils: null,
  trust: null,
  street: '1 Mill Lane',
  town: 'Brackenfield',
  postcode: 'WM1 1AA',
  easting: null,
  northing: null,
  latitude: null,
  longitude: null,
  reasonOpened: null,
  reasonClosed: null,
  openDate: null,
  closeDate: null,
  ...over,
});
const closedConverter = (urn: number, over: Partial<GiasEstablishment> = {}) => school(urn, { status: 'Closed', reasonClosed: 'Academy converter', closeDate: '2021-08-31', ...over });
const academy = (urn: number, over: Partial<GiasEstablishment> = {}) => school(urn, { reasonOpened: 'Academy Converter', openDate: '2021-09-01', ...over });
const link = (urn: number, linkUrn: number, linkType: string): GiasLink => ({ line: 2, urn, linkUrn, linkName: null, linkType, established: '2021-09-01' });

describe('findConversions', () => {
  it('finds Birchwood in the real-looking extract from its evidence alone: closed as Academy Converter, opened next day at the same address', async () => {
    const gias = await readGias(FIXTURE, { laCode: '999', includeClosed: true });
    const pairs = findConversions({ establishments: gias.establishments, links: null, register: [entry(141043, { name: 'Birchwood Academy' })], done: [] });
    expect(pairs).toEqual([
      {
        status: 'ready',
        predecessor: { siteId: 41043, urn: 141043, name: 'Birchwood Academy', host: '10.0.0.5', port: 22, user: 'b2b' },
        successor: { urn: 141885, name: 'Birchwood Academy', siteId: null },
        candidates: [],
        evidence: 'same address, closed 31-08-2021 as Academy converter, opened 01-09-2021',
        convertedOn: '2021-09-01',
        carries: ['host 10.0.0.5:22', 'user b2b', 'credential "fleet-key"', 'pinned host key', 'template "standard"', 'config override', 'tags: secondary', 'area North', 'notes', 'history before the conversion'],
        note: null,
      },
    ]);
  });

  it('takes an academy opened right after the close as evidence even when its reason opened is blank, but not one opened months later', () => {
    const register = [entry(100001)];
    const soon = findConversions({ establishments: [closedConverter(100001), academy(100002, { reasonOpened: null, openDate: '2021-09-01' })], links: null, register, done: [] });
    expect(soon.map((p) => [p.successor.urn, p.status])).toEqual([[100002, 'ready']]);
    const later = findConversions({ establishments: [closedConverter(100001), academy(100002, { reasonOpened: 'New provision', openDate: '2022-01-04' })], links: null, register, done: [] });
    expect(later).toEqual([]);
  });

  it('needs the same normalised address and LA, and a closure for Academy converter (any case)', () => {
    const register = [entry(100001)];
    const find = (closed: GiasEstablishment, open: GiasEstablishment) => findConversions({ establishments: [closed, open], links: null, register, done: [] }).map((p) => p.successor.urn);
    expect(find(closedConverter(100001, { reasonClosed: 'ACADEMY CONVERTER', postcode: 'wm11aa', street: '1  Mill Lane,' }), academy(100002))).toEqual([100002]);
    expect(find(closedConverter(100001), academy(100002, { postcode: 'WM1 1AB' }))).toEqual([]);
    expect(find(closedConverter(100001), academy(100002, { street: '3 Mill Lane' }))).toEqual([]);
    expect(find(closedConverter(100001), academy(100002, { laCode: '998' }))).toEqual([]);
    expect(find(closedConverter(100001, { reasonClosed: 'Merged' }), academy(100002))).toEqual([]);
    expect(find(closedConverter(100001, { postcode: null }), academy(100002, { postcode: null }))).toEqual([]);
  });

  it('shows two academies at one address as ambiguous, never picking one', () => {
    const pairs = findConversions({ establishments: [closedConverter(100001), academy(100002, { name: 'Mill Infant Academy' }), academy(100003, { name: 'Mill Junior Academy' })], links: null, register: [entry(100001)], done: [] });
    expect(pairs).toMatchObject([{ status: 'ambiguous', successor: { urn: 100002 }, candidates: [{ urn: 100003, name: 'Mill Junior Academy' }], note: "2 academies could be URN 100001's successor: choose by hand" }]);
  });

  it('shows two registered schools converging on one academy as ambiguous for both', () => {
    const pairs = findConversions({ establishments: [closedConverter(100001), closedConverter(100004), academy(100002)], links: null, register: [entry(100001), entry(100004)], done: [] });
    expect(pairs.map((p) => [p.predecessor.urn, p.status, p.candidates.map((c) => c.urn)])).toEqual([
      [100001, 'ambiguous', [100004]],
      [100004, 'ambiguous', [100001]],
    ]);
  });

  it('does not offer a pair already carried over, nor a predecessor that is archived or not registered', () => {
    const establishments = [closedConverter(100001), academy(100002)];
    expect(findConversions({ establishments, links: null, register: [entry(100001, { archived: true }), entry(100002, { host: '10.0.0.5' })], done: [{ predecessorUrn: 100001, successorUrn: 100002 }] })).toEqual([]);
    expect(findConversions({ establishments, links: null, register: [entry(100001, { archived: true })], done: [] })).toEqual([]);
    // Restored after its conversion: still carried over, so not offered again.
    expect(findConversions({ establishments, links: null, register: [entry(100001)], done: [{ predecessorUrn: 100001, successorUrn: 100002 }] })).toEqual([]);
    // A second school claiming an academy that already took over from another.
    expect(findConversions({ establishments: [...establishments, closedConverter(100004)], links: null, register: [entry(100004)], done: [{ predecessorUrn: 100001, successorUrn: 100002 }] })).toMatchObject([
      { status: 'blocked', note: 'URN 100002 has already taken over from URN 100001' },
    ]);
    expect(findConversions({ establishments, links: null, register: [], done: [] })).toEqual([]);
  });

  it('fills a successor registered from GIAS without a host, and blocks one that has its own host or was removed', () => {
    const establishments = [closedConverter(100001), academy(100002)];
    const fresh = findConversions({ establishments, links: null, register: [entry(100001), entry(100002, { host: null, user: null, siteId: 77 })], done: [] });
    expect(fresh).toMatchObject([{ status: 'ready', successor: { urn: 100002, siteId: 77 } }]);
    const own = findConversions({ establishments, links: null, register: [entry(100001), entry(100002, { host: '10.9.9.9' })], done: [] });
    expect(own).toMatchObject([{ status: 'blocked', note: 'URN 100002 is already registered with its own host 10.9.9.9: check which server is right' }]);
    const removed = findConversions({ establishments, links: null, register: [entry(100001), entry(100002, { host: null, user: null, archived: true })], done: [] });
    expect(removed).toMatchObject([{ status: 'blocked' }]);
  });

  it('uses the links file instead of the address when it is given, from either side of the link', () => {
    // Different addresses: only the links file can say these are one school.
    const establishments = [school(100001, { status: 'Closed', street: '9 Old Road' }), academy(100002, { reasonOpened: null }), school(100005, { status: 'Closed', street: '2 Elm Way' }), academy(100006, { street: '8 Elm Way' })];
    const register = [entry(100001, { name: 'A' }), entry(100005, { name: 'B' })];
    const pairs = findConversions({ establishments, links: [link(100001, 100002, 'Successor'), link(100006, 100005, 'Predecessor'), link(100005, 100006, 'Successor')], register, done: [] });
    expect(pairs.map((p) => [p.predecessor.urn, p.successor.urn, p.status, p.evidence, p.convertedOn])).toEqual([
      [100001, 100002, 'ready', 'links file: Successor', '2021-09-01'],
      [100005, 100006, 'ready', 'links file: Predecessor', '2021-09-01'],
    ]);
    // With a links file the address alone is not enough.
    expect(findConversions({ establishments: [closedConverter(100001), academy(100002)], links: [], register, done: [] })).toEqual([]);
  });

  it('leaves out links to URNs that are not open in the extract', () => {
    const pairs = findConversions({ establishments: [school(100001, { status: 'Closed' }), school(100002, { status: 'Closed' })], links: [link(100001, 100002, 'Successor'), link(100001, 100003, 'Successor')], register: [entry(100001)], done: [] });
    expect(pairs).toEqual([]);
  });
});
