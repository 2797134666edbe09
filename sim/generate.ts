// A plausible estate when no GIAS extract is given: fictional LAs in the English
// Midlands (600 schools each, the first being Brackenfield, LA 999 as in the fixture),
// with GIAS-like names, phases, types (about 35% academies), trusts and pupil numbers.
// School i depends only on (seed, i), so a smaller fleet is a prefix of a larger one.
import { bngToWgs84 } from '../shared/bng.ts';
import { createRng, type Rng } from './prng.ts';
import type { SchoolIdentity } from './profile.ts';

export const MAX_SITES = 5000;
const PER_LA = 600;

const LAS: ReadonlyArray<{ code: string; name: string; e: number; n: number }> = [
  { code: '999', name: 'Brackenfield', e: 401000, n: 299000 },
  { code: '998', name: 'Ashcombe', e: 432000, n: 312000 },
  { code: '997', name: 'Thornleigh', e: 372000, n: 286000 },
  { code: '996', name: 'Welbury', e: 415000, n: 268000 },
  { code: '995', name: 'Hollinsford', e: 446000, n: 338000 },
  { code: '994', name: 'Marbrook', e: 389000, n: 326000 },
  { code: '993', name: 'Calderwick', e: 458000, n: 289000 },
  { code: '992', name: 'Stanwell Vale', e: 362000, n: 318000 },
  { code: '991', name: 'Oakhampton Moor', e: 427000, n: 246000 },
];

const PLACES = [
  'Ashby', 'Birchwood', 'Coldharbour', 'Dunmore', 'Elmstead', 'Fernhill', 'Greystone', 'Hawthorn', 'Ivydale', 'Juniper', 'Kestrel',
  'Larkfield', 'Meadowside', 'Northgate', 'Oakridge', 'Pennyfields', 'Queensway', 'Rowan', 'Thornbury', 'Underhill', 'Valley Road',
  'Willowbrook', 'Yewtree', 'Abbey Hulton', 'Bramble Cross', 'Castlegate', 'Eastbrook', 'Foxhill', 'Goldthorn', 'Hatherley',
  'Ironbridge Road', 'Jubilee Park', 'Kingsmead', 'Mossley', 'Netherton', 'Orchard Vale', 'Pelsall Road', 'Redhill', 'Sandfields',
  'Tollgate', 'Upton', 'Wednesfield', 'Whitmore', 'Brook Lane', 'Cherry Tree', 'Danesmoor', 'Ellowes', 'Fairfield', 'Grange Park',
  'Heathfield', 'Hillcrest', 'Holly Bank', 'Lime Tree', 'Manor Farm', 'Moorcroft', 'Newbridge', 'Oldfield', 'Parkside', 'Priory',
  'Rushall', 'St Giles', 'Stoneleigh', 'Summerhill', 'Tame Valley', 'Walsh Hall', 'Westcroft', 'Woodlands', 'Allens Croft',
  'Bishops Wood', 'Blackberry Lane', 'Canalside', 'Colliery Lane', 'Delves', 'Forge Mill', 'Glebe', 'Harden', 'Lodge Farm',
  'Millbrook', 'Pool Hayes', 'Ridgeway', 'Short Heath', 'Sneyd', 'Turnberry', 'Wharf Road',
];
const FEATURES = ['', '', '', ' Hill', ' Fields', ' Park', ' Green', ' Brook', ' Meadow', ' Lane', ' Heath', ' Wood'];
const SAINTS = [
  'St Margaret’s', 'St Thomas’s', 'St Mary’s', 'St Joseph’s', 'St Patrick’s', 'St Chad’s', 'St John’s', 'St Peter’s', 'St Anne’s',
  'Holy Trinity', 'Our Lady’s', 'St Michael’s', 'St Bernadette’s', 'St Edmund’s', 'Sacred Heart', 'St Francis’',
];

/** Academies belong to a handful of trusts per area; Catholic ones to the diocesan company. */
function trustFor(name: string, area: string, rng: Rng): string {
  if (name.includes('Catholic')) return 'St Chad’s Catholic Multi-Academy Company';
  return rng.weighted([[`${area} Learning Trust`, 40], ['Three Spires Academy Trust', 25], [`${area} Schools Partnership`, 20], ['Midlands Academies Trust', 15]] as const);
}

interface Kind {
  phase: string;
  type: string;
  typeGroup: string;
  pupils: readonly [number, number];
  block: number;
  name: (place: string, rng: Rng) => string;
}

const saint = (rng: Rng): string => rng.pick(SAINTS);
const KINDS = {
  primaryLa: (rng: Rng): Kind => {
    const type = rng.weighted([['Community school', 55], ['Voluntary aided school', 20], ['Voluntary controlled school', 18], ['Foundation school', 7]] as const);
    const name =
      type === 'Voluntary aided school'
        ? (_: string, r: Rng): string => (r.chance(0.7) ? `${saint(r)} Catholic Primary School` : `${_} Church of England Primary School`)
        : type === 'Voluntary controlled school'
          ? (p: string): string => `${p} Church of England Primary School`
          : (p: string, r: Rng): string => `${p} ${r.weighted([['Primary School', 80], ['Infant School', 8], ['Junior School', 7], ['Infant and Nursery School', 5]] as const)}`;
    return { phase: 'Primary', type, typeGroup: 'Local authority maintained schools', pupils: [90, 700], block: 2000, name };
  },
  primaryAcademy: (rng: Rng): Kind => {
    const type = rng.weighted([['Academy converter', 75], ['Academy sponsor led', 20], ['Free schools', 5]] as const);
    return {
      phase: 'Primary',
      type,
      typeGroup: type === 'Free schools' ? 'Free Schools' : 'Academies',
      pupils: [120, 650],
      block: 2000,
      name: (p, r) => (r.chance(0.15) ? `${saint(r)} Catholic Primary Academy` : `${p} Primary Academy`),
    };
  },
  secondaryLa: (rng: Rng): Kind => ({
    phase: 'Secondary',
    type: rng.weighted([['Community school', 50], ['Foundation school', 30], ['Voluntary aided school', 20]] as const),
    typeGroup: 'Local authority maintained schools',
    pupils: [550, 1700],
    block: 4000,
    name: (p, r) => (r.chance(0.2) ? `${saint(r)} Catholic High School` : `${p} ${r.pick(['High School', 'School', 'Community College'])}`),
  }),
  secondaryAcademy: (rng: Rng): Kind => ({
    phase: 'Secondary',
    type: rng.weighted([['Academy converter', 65], ['Academy sponsor led', 35]] as const),
    typeGroup: 'Academies',
    pupils: [600, 1800],
    block: 4000,
    name: (p, r) => `${p} ${r.pick(['Academy', 'Academy', 'High School', 'School'])}`,
  }),
  nursery: (): Kind => ({ phase: 'Nursery', type: 'Local authority nursery school', typeGroup: 'Local authority maintained schools', pupils: [40, 130], block: 1000, name: (p) => `${p} Nursery School` }),
  special: (rng: Rng): Kind => {
    const academy = rng.chance(0.35);
    return {
      phase: 'Not applicable',
      type: academy ? 'Academy special converter' : 'Community special school',
      typeGroup: academy ? 'Academies' : 'Special schools',
      pupils: [60, 260],
      block: 7000,
      name: (p, r) => `${p} ${r.pick(['Special School', 'School', 'Academy'])}`,
    };
  },
  pru: (rng: Rng): Kind => {
    const academy = rng.chance(0.1);
    return {
      phase: 'Not applicable',
      type: academy ? 'Academy alternative provision converter' : 'Pupil referral unit',
      typeGroup: academy ? 'Academies' : 'Local authority maintained schools',
      pupils: [20, 90],
      block: 1100,
      name: (p) => `${p} Pupil Referral Unit`,
    };
  },
};

function gaussian(rng: Rng): number {
  // Box–Muller; 1 - next() keeps the log away from 0.
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

export function generateSchools(count: number, seed: string | number): SchoolIdentity[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SITES) throw new RangeError(`sites must be 1..${MAX_SITES}`);
  const schools: SchoolIdentity[] = [];
  const names = new Set<string>();
  const counters = new Map<string, number>();
  let urn = 140000;
  for (let i = 0; i < count; i++) {
    const rng = createRng(seed, 'school', i);
    const la = LAS[Math.floor(i / PER_LA) % LAS.length] ?? { code: '999', name: 'Brackenfield', e: 401000, n: 299000 };
    urn += rng.int(1, 40);
    const bucket = rng.weighted([['primary', 72], ['secondary', 14], ['nursery', 4], ['special', 6], ['pru', 4]] as const);
    const kind =
      bucket === 'primary'
        ? rng.chance(0.3) ? KINDS.primaryAcademy(rng) : KINDS.primaryLa(rng)
        : bucket === 'secondary'
          ? rng.chance(0.8) ? KINDS.secondaryAcademy(rng) : KINDS.secondaryLa(rng)
          : KINDS[bucket](rng);
    let name = '';
    for (let attempt = 0; attempt < 12 && (name === '' || names.has(name)); attempt++) {
      const place = rng.pick(PLACES);
      // "Ironbridge Road Fields" reads wrong; only one-word places take a feature.
      name = kind.name(place.includes(' ') ? place : `${place}${rng.pick(FEATURES)}`, rng);
    }
    if (names.has(name)) name = `${name} (${la.name})`;
    if (names.has(name)) name = `${name} ${urn}`;
    names.add(name);
    const key = `${la.code}:${kind.block}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    const academy = kind.typeGroup === 'Academies' || kind.typeGroup === 'Free Schools';
    const ll = bngToWgs84(Math.round(la.e + gaussian(rng) * 4500), Math.round(la.n + gaussian(rng) * 4500));
    schools.push({
      urn,
      laestab: `${la.code}${String(Math.min(9999, kind.block + number - 1)).padStart(4, '0')}`,
      name,
      type: kind.type,
      typeGroup: kind.typeGroup,
      phase: kind.phase,
      trust: academy ? trustFor(name, la.name, rng) : null,
      area: la.name,
      pupils: rng.int(kind.pupils[0], kind.pupils[1]),
      latitude: Math.round(ll.latitude * 1e6) / 1e6,
      longitude: Math.round(ll.longitude * 1e6) / 1e6,
    });
  }
  return schools;
}
