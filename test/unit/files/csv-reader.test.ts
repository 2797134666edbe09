// The one CSV reader: encodings decided at the first high byte, line numbers, bad records as problems.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EncodingSniffer, readCsvAll } from '../../../electron/core/files/csv-reader.ts';

const cp1252 = (s: string): Buffer => Buffer.from(s.replace(/’/g, '\x92').replace(/€/g, '\x80'), 'latin1');

async function sniff(chunks: Buffer[]): Promise<{ out: Buffer; encoding: string | null }> {
  const sniffer = new EncodingSniffer();
  const parts: Buffer[] = [];
  for await (const b of Readable.from(chunks).pipe(sniffer)) parts.push(b as Buffer);
  return { out: Buffer.concat(parts), encoding: sniffer.encoding };
}

describe('readCsv', () => {
  it('reads Windows-1252 (0x92 is a curly apostrophe, 0x80 the euro, 0xE9 é)', async () => {
    const r = await readCsvAll(cp1252('name,fee\r\nSt Mary’s Café,€5\r\n'));
    expect(r.records.map((x) => x.fields)).toEqual([['name', 'fee'], ['St Mary’s Café', '€5']]);
  });

  it('reads UTF-8 with or without a BOM, and the BOM never reaches the first header', async () => {
    const text = 'name,fee\nSt Mary’s Café,€5\n';
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from(text)])]) {
      let encoding: string | null = null;
      const r = await readCsvAll(bytes, { onEncoding: (e) => (encoding = e) });
      expect(r.records.map((x) => x.fields)).toEqual([['name', 'fee'], ['St Mary’s Café', '€5']]);
      expect(encoding).toBe('utf-8');
    }
  });

  it('decides on the first high byte even when it comes far into the file and its sequence straddles a read', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    const file = path.join(dir, 'late.csv');
    // Lines of ASCII up to just short of the 256 KiB read size, so the 3-byte ’ is cut by the read.
    const filler = Array.from({ length: 20_000 }, (_, i) => `${i},plain`).join('\n');
    const pad = 256 * 1024 - Buffer.byteLength(`a,b\n${filler}\nx,`) - 1;
    writeFileSync(file, `a,b\n${filler}\nx,${'y'.repeat(pad)}’s\n`);
    const r = await readCsvAll(file);
    expect(r.records.at(-1)?.fields[1]).toBe(`${'y'.repeat(pad)}’s`);
  });

  it('gives each record the line it starts on, and reports a stray quote and a cut-off last line by line, keeping the rest', async () => {
    const r = await readCsvAll({ text: 'a,b\n"two\nlines",1\nab"c,2\n3,4\n5,"cut off\n' });
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['two\nlines', '1'] },
      { line: 5, fields: ['3', '4'] },
    ]);
    expect(r.problems).toEqual([
      { line: 4, reason: 'a quote in the middle of a field; quotes must surround the whole field and be doubled inside it' },
      { line: 6, reason: 'the file ends inside a quoted field (is the last line cut off?)' },
    ]);
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    await readCsvAll(Buffer.from('a,b\n1,2\n'), { onProgress: (b) => seen.push(b) });
    expect(seen.at(-1)).toBe(8);
  });
});

describe('EncodingSniffer', () => {
  it('strips a BOM split across chunks and passes every other byte through', async () => {
    const { out, encoding } = await sniff([Buffer.of(0xef), Buffer.of(0xbb), Buffer.from('\xbfa,b\n', 'latin1')]);
    expect(out.toString('latin1')).toBe('a,b\n');
    expect(encoding).toBe('utf-8');
  });

  it('judges a UTF-8 sequence cut between chunks with the next chunk, and a lone high byte as Windows-1252', async () => {
    const curly = Buffer.from('’');
    expect((await sniff([Buffer.concat([Buffer.from('ab'), curly.subarray(0, 1)]), curly.subarray(1)])).encoding).toBe('utf-8');
    expect((await sniff([Buffer.from('ab\x92c', 'latin1')])).encoding).toBe('windows-1252');
    expect((await sniff([Buffer.from('all ascii')])).encoding).toBeNull();
    expect((await sniff([Buffer.from('ends cut \xe2\x80', 'latin1')])).encoding).toBe('windows-1252');
  });

  it('keeps a file of only one or two bytes', async () => {
    expect((await sniff([Buffer.of(0xef)])).out).toEqual(Buffer.of(0xef));
  });
});
