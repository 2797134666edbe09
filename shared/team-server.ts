// The desktop's "Connect to a team server" setting: work on this computer's own core
// (local, the default), or be a window onto a collector over the same WebSocket contract
// browser mode uses. Main owns the setting; the renderer reaches it through two
// main-only bridge methods (shared/desktop-bridge.ts), never through the core.
import { z } from 'zod';

/** Until sign-in and TLS are in place a collector listens on loopback only, so a console reaches one here (an SSH tunnel covers another machine). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** The access token `npm run collector` writes to its data folder (console-token). */
export const TeamTokenSchema = z
  .string()
  .trim()
  .min(16, 'The access token is at least 16 characters: copy it from the collector’s console-token file')
  .max(200, 'The access token is at most 200 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'The access token has letters, digits, - and _ only');

export const TeamServerChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('local') }).strict(),
  z
    .object({
      mode: z.literal('team'),
      /** As the collector prints it: http://127.0.0.1:8443, possibly with ?token=… on the end. */
      address: z.string().trim().min(1, 'Give the team server’s address').max(500),
      /** Absent when the address carries it, or to keep the one already saved for this address. */
      token: z.string().max(200).optional(),
    })
    .strict(),
]);
export type TeamServerChoice = z.infer<typeof TeamServerChoiceSchema>;

export const TeamServerStatusSchema = z.object({
  mode: z.enum(['local', 'team']),
  /** The collector's origin (http://127.0.0.1:8443) in team mode. */
  address: z.string().nullable(),
  state: z.enum(['local', 'connecting', 'open', 'closed']),
  /** Why the last attempt failed, in words for the person at the console. */
  error: z.string().nullable(),
  /** Where the token is kept: the OS keyring, or only until the console quits (no keyring). */
  tokenKept: z.enum(['keyring', 'session']).nullable(),
});
export type TeamServerStatus = z.infer<typeof TeamServerStatusSchema>;

export interface TeamAddress {
  /** http://host:port: the Origin the collector expects, and what the person sees. */
  origin: string;
  /** ws://host:port/ws */
  socketUrl: string;
  /** A token carried in the pasted address (?token=…), or null. */
  token: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads an address as a person pastes it: host:port, http://host:port[/?token=…] or ws://host:port/ws. */
export function parseTeamAddress(input: string): Parsed<TeamAddress> {
  const text = input.trim();
  // shared/ has no URL class (it runs in every layer): the few forms a collector prints are matched whole.
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:?#@\s]+|[^/?#\s]*@[^/?#\s]*)(?::(\d{1,5}))?(\/[^?#\s]*)?(?:\?([^#\s]*))?(?:#\S*)?$/i.exec(text);
  if (!m) return { ok: false, message: `“${text.slice(0, 80)}” is not an address: give it as http://127.0.0.1:8443` };
  const [, scheme = 'http', host = '', port, , query = ''] = m;
  if (scheme.toLowerCase() !== 'http' && scheme.toLowerCase() !== 'ws') {
    return { ok: false, message: 'Give the address as http://127.0.0.1:PORT: encrypted connections (https) come with sign-in' };
  }
  if (host.includes('@')) return { ok: false, message: 'The address carries no user name or password: the access token goes in its own field' };
  const hostname = host.toLowerCase();
  if (!LOOPBACK_HOSTS.has(hostname)) {
    return { ok: false, message: 'A team server is reached on this computer only (127.0.0.1) until sign-in and encryption are in place: open an SSH tunnel to the collector’s machine and connect to its local end' };
  }
  const portNumber = port === undefined ? Number.NaN : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) return { ok: false, message: 'Give the port too, as the collector prints it: http://127.0.0.1:8443' };
  const hostPort = `${hostname}:${portNumber}`;
  const raw = query.split('&').find((p) => p.startsWith('token='))?.slice('token='.length) ?? '';
  let token: string | null;
  try {
    token = raw === '' ? null : decodeURIComponent(raw);
  } catch {
    return { ok: false, message: 'The token in the address is garbled: copy it again' };
  }
  return { ok: true, value: { origin: `http://${hostPort}`, socketUrl: `ws://${hostPort}/ws`, token } };
}

/** The first problem with a token, or null when it will do. */
export function tokenProblem(token: string): string | null {
  const r = TeamTokenSchema.safeParse(token);
  return r.success ? null : (r.error.issues[0]?.message ?? 'The access token is not valid');
}
