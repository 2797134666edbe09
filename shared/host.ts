// Is a string a host the console may hand to SSH: an IPv4 address, an IPv6 address or a DNS name?
// Pure (no node:net) so the renderer's form and the core give the same answer.

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Dotted quad, each part 0-255. Leading zeros are refused: some resolvers read them as octal. */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_OCTET.test(p) && Number(p) <= 255);
}

/** RFC 4291 text forms, including `::` compression and a trailing dotted quad; no zone id. */
export function isIpv6(s: string): boolean {
  if (s.includes('%')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const last = groups.at(-1) ?? '';
    // An embedded IPv4 address stands for two groups.
    if (last.includes('.')) {
      if (!isIpv4(last)) return null;
      groups.splice(-1, 1, '0', '0');
    }
    return groups.every((g) => HEX_GROUP.test(g)) ? groups : null;
  };
  const head = groupsOf(halves[0] ?? '');
  if (halves.length === 1) return head !== null && head.length === 8;
  const tail = groupsOf(halves[1] ?? '');
  if (head === null || tail === null) return false;
  // The dotted quad may only end the address, so it cannot sit before `::`.
  if ((halves[0] ?? '').includes('.')) return false;
  return head.length + tail.length <= 7;
}

/**
 * Why `host` cannot be used, or null when it can. Underscores are refused: they are not legal in
 * DNS host names (RFC 952/1123), and the NetBIOS names that allow them do not resolve across the
 * LA's routed network, so a school must be registered by its DNS name or address.
 */
export function hostProblem(host: string): string | null {
  if (host === '') return 'Host is required';
  if (host.startsWith('-')) return 'Host cannot start with "-"';
  if (host.length > 253) return 'Host is at most 253 characters';
  if (host.startsWith('[') || host.endsWith(']')) return 'Give an IPv6 address without brackets';
  if (host.includes(':')) {
    if (host.includes('%')) return 'IPv6 zone ids (%…) are not supported';
    return isIpv6(host) ? null : 'Not a valid IPv6 address';
  }
  if (host.includes('_')) return 'Host names cannot contain underscores';
  const labels = host.split('.');
  // A name whose last label is all digits can only be an IPv4 address (RFC 3696 §2).
  if (/^\d+$/.test(labels.at(-1) ?? '')) return isIpv4(host) ? null : 'Not a valid IPv4 address';
  for (const label of labels) {
    if (label === '') return 'Host has an empty part (two dots together, or a dot at an end)';
    if (label.length > 63) return 'Each part of a host name is at most 63 characters';
    if (!LABEL.test(label)) return 'Host name parts use letters, digits and inner hyphens only';
  }
  return null;
}
