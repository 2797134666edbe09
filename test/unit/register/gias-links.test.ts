// The GIAS links file, read by header name with the project's CSV reader; hostile rows are reported, never trusted.
import { describe, expect, it } from 'vitest';
import { readGiasLinks } from '../../../electron/core/register/gias-links.ts';

const HEADER = '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"';

describe('readGiasLinks', () => {
  it('reads succession links by header name, whatever the column order, and sets other kinds aside', async () => {
    const text = ['"LinkType","LinkEstablishedDate","LinkName","URN","LinkURN","Extra"', '"Successor","01-09-2021","Birchwood Academy","141043","141885","x"', '"predecessor - merged","01-09-2019 00:00:00","Old","141885","100001",""', '"Sixth Form Centre Link","","","141885","100002",""'].join('\r\n');
    const read = await readGiasLinks({ text });
    expect(read.links).toEqual([
      { line: 2, urn: 141043, linkUrn: 141885, linkName: 'Birchwood Academy', linkType: 'Successor', established: '2021-09-01' },
      { line: 3, urn: 141885, linkUrn: 100001, linkName: 'Old', linkType: 'Predecessor - merged', established: '2019-09-01' },
    ]);
    expect(read).toMatchObject({ otherKinds: 1, problems: [] });
  });

  it('reports bad URNs, self-links, unknown link types and broken quoting by line, and keeps the good rows', async () => {
    const text = [
      HEADER,
      '"14104","141885","","Successor",""',
      '"141043","=cmd|x","","Successor",""',
      '"141043","141043","","Successor",""',
      '"141043","141885","","Adopted by",""',
      '"141043","141885","","Successor","01-09-2021"',
      '"141043","14"1885","","Successor",""',
      '"100001","100002","","Predecessor",""',
    ].join('\n');
    const read = await readGiasLinks({ text });
    expect(read.links.map((l) => [l.line, l.urn, l.linkUrn])).toEqual([
      [6, 141043, 141885],
      [8, 100001, 100002],
    ]);
    expect(read.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 7]);
    expect(read.problems.slice(0, 4).map((p) => p.reason)).toEqual([
      'URN "14104" is not six digits; row left out',
      'LinkURN "=cmd|x" is not six digits; row left out',
      'URN 141043 is linked to itself; row left out',
      'link type "Adopted by" is not one GIAS uses (Predecessor, Successor, …); row left out',
    ]);
  });

  it('refuses a file without the columns it needs, naming them', async () => {
    await expect(readGiasLinks({ text: '"URN","LinkName"\n"141043","x"\n' })).rejects.toThrow('not a GIAS links file: missing column(s) "LinkURN", "LinkType"');
    await expect(readGiasLinks({ text: '' })).rejects.toThrow('the links file is empty');
  });
});
