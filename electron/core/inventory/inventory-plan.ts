// Reads an inventory CSV's records against the register: per row, what changes, nothing, or
// why the row cannot be used. Pure: the caller reads the file (csv-reader.ts) and the register.
import { INVENTORY_COLUMNS, splitTags, type InventoryRow } from '../../../shared/inventory.ts';
import { AppFailure } from '../../../shared/result.ts';
import { HostSchema, PortSchema, SiteInputSchema, SshUserSchema, TagSchema, UrnSchema } from '../../../shared/site.ts';
import type { CsvProblem, CsvRecord } from '../files/csv-reader.ts';
import { decideChange, halfSetUp, untouchable, type Reach, type ReachPatch, type SiteFacts } from './site-change.ts';

type Column = (typeof INVENTORY_COLUMNS)[number];

export interface InventoryPlan {
  rows: InventoryRow[];
  /** Site id → its inventory after the import, for the rows that change something. */
  after: Map<number, Reach>;
}

export interface RegisterView {
  byUrn: ReadonlyMap<number, SiteFacts>;
  credentialNames: ReadonlySet<string>;
}

// toCsv guards a cell a spreadsheet would run as a formula with a leading quote; undo it so an
// export comes back unchanged. No inventory field may contain a quote, so nothing is lost.
const unguard = (cell: string): string => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** Header name → column index. Unknown or repeated names refuse the file: a typo must not be ignored. */
export function readHeader(fields: readonly string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    const column = INVENTORY_COLUMNS.find((c) => c.toLowerCase() === name);
    if (!column) throw new AppFailure('validation', `Unknown column "${raw.trim().slice(0, 40)}": the columns are ${INVENTORY_COLUMNS.join(', ')}`);
    if (columns.has(column)) throw new AppFailure('validation', `The column ${column} appears twice`);
    columns.set(column, i);
  });
  if (!columns.has('URN')) throw new AppFailure('validation', 'The file needs a URN column (the first line must name the columns)');
  return columns;
}

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }): string => r.error?.issues[0]?.message ?? 'not valid';

/** A row's cells → the patch it asks for, or the reasons it cannot be used. Blank cells leave a field alone. */
export function readRow(cells: ReadonlyMap<Column, string>, credentialNames: ReadonlySet<string>): { patch: ReachPatch; problems: string[] } {
  const patch: ReachPatch = {};
  const problems: string[] = [];
  const cell = (c: Column): string => cells.get(c) ?? '';
  if (cell('host') !== '') {
    const r = HostSchema.safeParse(cell('host'));
    if (r.success) patch.host = r.data;
    else problems.push(`host: ${firstIssue(r)}`);
  }
  if (cell('port') !== '') {
    const r = /^\d{1,6}$/.test(cell('port')) ? PortSchema.safeParse(Number(cell('port'))) : null;
    if (r?.success) patch.port = r.data;
    else problems.push('port: Port must be between 1 and 65535');
  }
  if (cell('user') !== '') {
    const r = SshUserSchema.safeParse(cell('user'));
    if (r.success) patch.user = r.data;
    else problems.push(`user: ${firstIssue(r)}`);
  }
  if (cell('credential') !== '') {
    if (credentialNames.has(cell('credential'))) patch.credential = cell('credential');
    else problems.push(`credential: no credential is named "${cell('credential').slice(0, 60)}"; add it under Settings first`);
  }
  if (cell('tags') !== '') {
    const tags = splitTags(cell('tags'));
    const bad = tags.map((t) => ({ t, r: TagSchema.safeParse(t) })).find((x) => !x.r.success);
    if (bad) problems.push(`tags: "${bad.t.slice(0, 40)}": ${firstIssue(bad.r)}`);
    else if (tags.length > 20) problems.push('tags: At most 20 tags');
    else patch.tags = tags;
  }
  if (cell('area') !== '') {
    const r = SiteInputSchema.shape.area.safeParse(cell('area'));
    if (r.success) patch.area = r.data;
    else problems.push(`area: ${firstIssue(r)}`);
  }
  return { patch, problems };
}

/** The whole file against the register, in file order. */
export function planInventory(records: readonly CsvRecord[], csvProblems: readonly CsvProblem[], register: RegisterView): InventoryPlan {
  const [header, ...data] = records;
  if (!header) return { rows: csvProblems.map((p) => ({ kind: 'invalid', line: p.line, urn: null, reason: p.reason })), after: new Map() };
  const columns = readHeader(header.fields);
  const urnIndex = columns.get('URN') ?? 0;
  const linesByUrn = new Map<string, number[]>();
  for (const r of data) {
    const key = unguard(r.fields[urnIndex] ?? '').trim();
    linesByUrn.set(key, [...(linesByUrn.get(key) ?? []), r.line]);
  }
  const rows: InventoryRow[] = csvProblems.map((p) => ({ kind: 'invalid', line: p.line, urn: null, reason: p.reason }));
  const after = new Map<number, Reach>();
  for (const record of data) {
    const row = planRow(record, columns, header.fields.length, linesByUrn, register);
    rows.push(row.row);
    if (row.after) after.set(row.after.siteId, row.after.reach);
  }
  rows.sort((a, b) => a.line - b.line);
  return { rows, after };
}

function planRow(
  record: CsvRecord,
  columns: ReadonlyMap<Column, number>,
  width: number,
  linesByUrn: ReadonlyMap<string, number[]>,
  register: RegisterView,
): { row: InventoryRow; after?: { siteId: number; reach: Reach } } {
  const { line } = record;
  const cells = new Map([...columns].map(([c, i]) => [c, unguard(record.fields[i] ?? '').trim()]));
  const urnText = cells.get('URN') ?? '';
  const urnParsed = /^\d{1,7}$/.test(urnText) ? UrnSchema.safeParse(Number(urnText)) : null;
  const urn = urnParsed?.success ? urnParsed.data : null;
  const invalid = (reason: string) => ({ row: { kind: 'invalid' as const, line, urn, reason } });
  if (record.fields.length !== width) return invalid(`this row has ${record.fields.length} cells; the header has ${width}`);
  if (urnText === '') return invalid('URN is required');
  if (urn === null) return invalid('URN must be six digits');
  const others = (linesByUrn.get(urnText) ?? []).filter((l) => l !== line);
  if (others.length > 0) return invalid(`URN ${urn} is also on line ${others.join(', ')}: keep one row per school`);
  const facts = register.byUrn.get(urn);
  if (!facts) return invalid(`URN ${urn} is not in the register: import it from GIAS or add it first`);
  const { patch, problems } = readRow(cells, register.credentialNames);
  if (problems.length > 0) return invalid(problems.join('; '));
  const refused = untouchable(facts);
  if (refused) return invalid(refused);
  const decided = decideChange(facts, patch);
  if (!decided) return { row: { kind: 'unchanged', line, urn, name: facts.site.name } };
  const half = halfSetUp(decided.after);
  if (half) return invalid(half);
  return { row: { kind: 'change', line, change: decided.change }, after: { siteId: facts.site.id, reach: decided.after } };
}
