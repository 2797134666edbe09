import { describe, expect, it } from 'vitest';
import { parseTeamAddress, tokenProblem } from '../../../shared/team-server.ts';
import { checkTeamForm } from '../../../renderer/src/views/settings/team-server-model.ts';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';

describe('a team server address as a person pastes it', () => {
  it.each([
    ['127.0.0.1:8443', null],
    ['http://127.0.0.1:8443', null],
    ['http://127.0.0.1:8443/', null],
    [`http://127.0.0.1:8443/?token=${TOKEN}`, TOKEN],
    ['ws://127.0.0.1:8443/ws', null],
    ['  HTTP://LOCALHOST:8443  ', null],
  ])('reads %s', (input, token) => {
    const r = parseTeamAddress(input);
    const host = input.toLowerCase().includes('localhost') ? 'localhost' : '127.0.0.1';
    expect(r).toEqual({ ok: true, value: { origin: `http://${host}:8443`, socketUrl: `ws://${host}:8443/ws`, token } });
  });

  it.each([
    ['https://127.0.0.1:8443', /encrypted connections/],
    ['http://10.0.0.5:8443', /on this computer only/],
    ['http://collector.brackenfield.gov.uk:8443', /on this computer only/],
    ['http://127.0.0.1', /Give the port/],
    ['http://127.0.0.1:70000', /Give the port/],
    ['http://sam:secret@127.0.0.1:8443', /no user name or password/],
    ['not an address at all', /is not an address/],
    ['http://127.0.0.1:8443/?token=%E0%A4%A', /garbled/],
  ])('refuses %s with a reason', (input, why) => {
    const r = parseTeamAddress(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(why);
  });

  it('checks a token’s shape', () => {
    expect(tokenProblem(TOKEN)).toBeNull();
    expect(tokenProblem('short')).toMatch(/at least 16/);
    expect(tokenProblem(`${TOKEN}!`)).toMatch(/letters, digits/);
  });
});

describe('the Team server form', () => {
  it('needs nothing to go local', () => {
    expect(checkTeamForm('local', '', '', null)).toEqual({});
  });

  it('puts each problem beside its field', () => {
    expect(checkTeamForm('team', 'http://10.0.0.5:8443', 'short', null)).toEqual({ address: expect.stringMatching(/on this computer only/) as unknown, token: expect.stringMatching(/at least 16/) as unknown });
  });

  it('asks for a token unless the address carries one or one is saved for that server', () => {
    expect(checkTeamForm('team', '127.0.0.1:8443', '', null).token).toMatch(/console-token/);
    expect(checkTeamForm('team', `127.0.0.1:8443/?token=${TOKEN}`, '', null)).toEqual({});
    expect(checkTeamForm('team', '127.0.0.1:8443', '', 'http://127.0.0.1:8443')).toEqual({});
    expect(checkTeamForm('team', '127.0.0.1:9443', '', 'http://127.0.0.1:8443').token).toMatch(/console-token/);
  });
});
