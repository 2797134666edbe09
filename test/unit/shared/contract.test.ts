import { describe, expect, it } from 'vitest';
import { channelNames, channels, eventNames, isChannel, methodName } from '../../../shared/contract.ts';
import { SiteInputSchema } from '../../../shared/site.ts';

const valid = { urn: 141885, name: 'Birchwood Academy', host: '10.1.2.3', user: 'b2b' };

describe('the contract', () => {
  it('gives every channel a request and a response schema', () => {
    expect(channelNames.length).toBeGreaterThan(0);
    for (const name of channelNames) {
      expect(channels[name].request).toHaveProperty('safeParse');
      expect(channels[name].response).toHaveProperty('safeParse');
    }
    expect(eventNames).toContain('sites.changed');
  });

  it('knows its channels and nothing else', () => {
    expect(isChannel('sites.list')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
    expect(isChannel(42)).toBe(false);
  });

  it('names preload methods after channels', () => {
    expect(methodName('sites.list')).toBe('sitesList');
    expect(methodName('app.info')).toBe('appInfo');
  });

  it('refuses requests with unexpected keys', () => {
    expect(channels['sites.list'].request.safeParse({ sql: 'drop table sites' }).success).toBe(false);
    expect(channels['sites.get'].request.safeParse({ id: '1' }).success).toBe(false);
  });
});

describe('site input', () => {
  it('fills defaults and normalises LAESTAB', () => {
    const site = SiteInputSchema.parse({ ...valid, laestab: '999/4001' });
    expect(site).toMatchObject({ port: 22, tags: [], laestab: '9994001', phase: null, latitude: null });
  });

  it.each([
    [{ ...valid, urn: undefined }, 'urn', 'URN is required'],
    [{ ...valid, urn: 12345 }, 'urn', 'URN must be six digits'],
    [{ ...valid, urn: 141885.5 }, 'urn', 'URN must be a whole number'],
    [{ ...valid, port: 0 }, 'port', 'Port must be between 1 and 65535'],
    [{ ...valid, port: 65536 }, 'port', 'Port must be between 1 and 65535'],
    [{ ...valid, host: 'a b; rm -rf /' }, 'host', 'Host name parts use letters, digits and inner hyphens only'],
    [{ ...valid, user: '$(whoami)' }, 'user', 'User may contain letters, digits, dots, hyphens and underscores'],
    [{ ...valid, laestab: '12345' }, 'laestab', 'LAESTAB is 7 digits, e.g. 999/2000'],
    [{ ...valid, latitude: 10 }, 'latitude', 'Latitude must be in England'],
    [{ ...valid, name: '  ' }, 'name', 'Name is required'],
  ])('rejects %o at %s', (input, field, message) => {
    const r = SiteInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toBe(message);
  });
});
