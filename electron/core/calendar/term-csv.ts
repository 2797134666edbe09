// Term dates as CSV rows (read by the project's one CSV reader), by header name:
// type,name,start,end with type term, half-term, holiday or closure (inset, bank holiday);
// dates YYYY-MM-DD or DD/MM/YYYY. A bad row is listed with its line and reason, never guessed.
import type { CsvProblem, CsvRecord } from '../files/csv-reader.ts';
import { unsafeTextProblem } from '../../../shared/safe-text.ts';
import type { CalendarItem, Ignored, ItemKind } from '../../../shared/term-dates.ts';

const HEADERS: Record<'type' | 'name' | 'start' | 'end', readonly string[]> = {
  type: ['type', 'kind'],
  name: ['name', 'description', 'title'],
  start: ['start', 'from', 'first day', 'start date'],
  end: ['end', 'to', 'last day', 'end date'],
};

const TYPES: Record<string, ItemKind> = {
  term: 'term',
  'half-term': 'half-term',
  'half term': 'half-term',
  halfterm: 'half-term',
  holiday: 'holiday',
  closure: 'closure',
  inset: 'closure',
  'inset day': 'closure',
  'bank holiday': 'closure',
};

/** YYYY-MM-DD or DD/MM/YYYY (UK order: 03/09/2026 is 3 September) as YYYY-MM-DD, or null. */
export function csvDate(value: string): string | null {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

export function csvItems(records: readonly CsvRecord[], problems: readonly CsvProblem[] = []): { items: CalendarItem[]; ignored: Ignored[] } {
  const ignored: Ignored[] = problems.map((p) => ({ where: `line ${p.line}`, text: '', reason: p.reason }));
  const [header, ...rows] = records;
  if (!header) return { items: [], ignored: [...ignored, { where: 'file', text: '', reason: 'the file is empty' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col = (key: keyof typeof HEADERS): number => names.findIndex((n) => HEADERS[key].includes(n));
  const at = { type: col('type'), name: col('name'), start: col('start'), end: col('end') };
  const missing = (['type', 'start'] as const).filter((k) => at[k] < 0);
  if (missing.length > 0) return { items: [], ignored: [...ignored, { where: `line ${header.line}`, text: header.fields.join(','), reason: `no ${missing.join(' or ')} column: the header needs type,name,start,end` }] };

  const items: CalendarItem[] = [];
  for (const r of rows) {
    const field = (i: number): string => (i >= 0 ? (r.fields[i] ?? '').trim() : '');
    const where = `line ${r.line}`;
    const name = field(at.name).slice(0, 60);
    const shown = r.fields.join(',').slice(0, 200);
    const bad = (reason: string) => ignored.push({ where, text: shown, reason });
    const kind = TYPES[field(at.type).toLowerCase()];
    if (!kind) {
      bad(`type "${field(at.type).slice(0, 40)}" is not term, half-term, holiday or closure`);
      continue;
    }
    const start = csvDate(field(at.start));
    const endText = field(at.end);
    // A closure or holiday of one day may leave the end empty; a term may not.
    const end = endText === '' && kind !== 'term' ? start : csvDate(endText);
    const unsafe = unsafeTextProblem(name);
    if (!start) bad(`start "${field(at.start).slice(0, 20)}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
    else if (!end) bad(`end "${endText.slice(0, 20)}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
    else if (end < start) bad(`it ends (${end}) before it starts (${start})`);
    else if (unsafe) bad(`name: ${unsafe}`);
    else items.push({ where, text: name || field(at.type), kind, start, end, ...(kind === 'term' && name ? { name } : {}) });
  }
  return { items, ignored };
}
