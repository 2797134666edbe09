import { describe, expect, it } from 'vitest';
import { hostProblem } from '../../../shared/host.ts';

const good = [
  '10.1.2.3', '0.0.0.0', '255.255.255.255', '::1', '::', 'fe80::1', '2001:db8::8a2e:370:7334', '2001:0db8:0000:0000:0000:ff00:0042:8329',
  '::ffff:192.0.2.128', '1::', 'localhost', 'b2b-agent.school.example.org', 'HOST1', 'a', `${'a'.repeat(63)}.example`, 'xn--bcher-kva.example',
];

const bad: [string, RegExp][] = [
  ['', /required/],
  ['-oProxyCommand=sh', /cannot start with "-"/],
  ['-host', /cannot start with "-"/],
  [':::', /IPv6/],
  ['1:2:3:4:5:6:7:8:9', /IPv6/],
  ['1::2::3', /IPv6/],
  ['fe80::1%eth0', /zone ids/],
  ['[::1]', /without brackets/],
  ['gggg::1', /IPv6/],
  ['::1.2.3.4.5', /IPv6/],
  ['999.999.999.999', /IPv4/],
  ['256.1.1.1', /IPv4/],
  ['1.2.3', /IPv4/],
  ['010.1.1.1', /IPv4/],
  ['a..b', /empty part/],
  ['.example.org', /empty part/],
  ['example.org.', /empty part/],
  [`${'a'.repeat(64)}.example`, /at most 63/],
  [`${'abcdefghi.'.repeat(25)}abcd`, /at most 253/],
  ['school_server', /underscores/],
  ['-.example', /cannot start/],
  ['a-.example', /letters, digits and inner hyphens/],
  ['host name', /letters, digits and inner hyphens/],
  ['hôst.example', /letters, digits and inner hyphens/],
];

describe('hostProblem', () => {
  it.each(good)('accepts %s', (host) => {
    expect(hostProblem(host)).toBeNull();
  });
  it.each(bad)('refuses %j', (host, message) => {
    expect(hostProblem(host)).toMatch(message);
  });
});
