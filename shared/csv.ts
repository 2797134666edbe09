// CSV for spreadsheets: RFC 4180 (CRLF line ends, fields quoted when they hold a comma,
// quote or line break, quotes doubled), plus a guard against CSV injection. Pure. Writing only:
// the project reads CSV with electron/core/files/csv-reader.ts (csv-parse), and nowhere else.

/** A cell: text, a number, or nothing (an empty field). */
export type CsvCell = string | number | null | undefined;

// Spreadsheets run a cell that starts with one of these as a formula (OWASP: CSV injection).
// Tab and carriage return are included because Excel strips them before looking.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One field. Text that a spreadsheet would run as a formula gets a leading single quote,
 * so a school called "=HYPERLINK(...)" stays text. Numbers are written as numbers and never
 * guarded: a negative figure is data, not a formula, and must stay summable.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: every record ends with CRLF, as RFC 4180 asks and Excel expects. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
