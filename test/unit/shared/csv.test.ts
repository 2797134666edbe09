import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvField, toCsv } from '../../../shared/csv.ts';

const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('csvField', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvField('Birchwood Academy')).toBe('Birchwood Academy');
    expect(csvField(141885)).toBe('141885');
    expect(csvField(0.9925)).toBe('0.9925');
  });

  it('writes nothing for null, undefined and non-finite numbers', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('Greystone, Lower Site')).toBe('"Greystone, Lower Site"');
    expect(csvField('Greystone "Lower Site"')).toBe('"Greystone ""Lower Site"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it.each(['=1+2', '+44 1234', '-2+3', '@SUM(A1:A2)', '\tcmd', '\r=1'])('guards %j against running as a formula', (text) => {
    expect(csvField(text)).toMatch(/^"?'/);
    expect(parseCsv(toCsv([[text]]))[0]?.[0]).toBe(`'${text}`);
  });

  it('guards and quotes a formula that also holds a comma', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('does not guard negative numbers passed as numbers', () => {
    expect(csvField(-5)).toBe('-5');
  });

  it('does not guard a sign inside the text', () => {
    expect(csvField('St Mary-le-Bow')).toBe('St Mary-le-Bow');
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('toCsv', () => {
  it('ends every record, the last included, with CRLF', () => {
    expect(toCsv([['a', 'b'], [1, 2]])).toBe('a,b\r\n1,2\r\n');
  });

  it('keeps empty fields and empty rows', () => {
    expect(toCsv([['a', null, 'c'], []])).toBe('a,,c\r\n\r\n');
  });

  it('writes nothing for no rows', () => {
    expect(toCsv([])).toBe('');
  });
});

describe('toCsv read back by csv-parse', () => {
  it('round-trips awkward text', () => {
    const rows = [
      ['Site', 'Note'],
      ['Greystone "Lower Site", Infant', 'multi\r\nline'],
      ['', 'trailing,comma,'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('reads numbers back as their text', () => {
    expect(parseCsv(toCsv([[1.5, -2, 0]]))).toEqual([['1.5', '-2', '0']]);
  });

  it('accepts bare LF and a missing final line end', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});
