// Browser mode: serves the built renderer and the same core over a WebSocket on
// 127.0.0.1 only. Every request needs this run's random token; anything else is refused.
// Run: npm run serve [-- --port 5199 --data DIR]
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { CoreRequestSchema, type CoreMessage } from '../../shared/core-messages.ts';
import type { Clock } from '../../shared/clock.ts';
import { tileUrlTemplate } from '../../shared/map-tiles.ts';
import { createCore, type Core, type CoreOptions } from '../core/core.ts';
import type { Logger } from '../core/log.ts';
import type { RequestContext } from '../core/operator.ts';
import { badUpgrade, operatorContext } from './operator-context.ts';
import { serveStatic } from './static.ts';
import { closeOnSignal, runAsMain } from './entry.ts';

export interface ServerOptions {
  dataDir: string;
  staticDir: string;
  port?: number;
  token?: string;
  version?: string;
  echoLogs?: boolean;
  /** The core's clock: tests run the console on a simulated fleet's clock. */
  clock?: Clock;
  /** A collector: the shared PostgreSQL store, and this process's name among the collectors. */
  store?: CoreOptions['store'];
  collector?: CoreOptions['collector'];
  poller?: CoreOptions['poller'];
  cipher?: CoreOptions['cipher'];
  rollouts?: CoreOptions['rollouts'];
  keyRotations?: CoreOptions['keyRotations'];
}

export interface RunningServer {
  url: string;
  /** The URL a person opens: carries the token once, then a cookie does. */
  loginUrl: string;
  token: string;
  port: number;
  core: Core;
  close(): Promise<void>;
}

const COOKIE = 'b2b_token';
// The largest request the contract has (a pasted private key, an import of a few thousand
// sites) is well under this; a bigger frame or message is refused (1009) before it is buffered.
const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const core = await createCore({
    dataDir: opts.dataDir,
    mode: 'browser',
    version: opts.version ?? '0.0.0',
    echoLogs: opts.echoLogs ?? false,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.collector ? { collector: opts.collector } : {}),
    ...(opts.poller ? { poller: opts.poller } : {}),
    ...(opts.cipher ? { cipher: opts.cipher } : {}),
    ...(opts.rollouts ? { rollouts: opts.rollouts } : {}),
    ...(opts.keyRotations ? { keyRotations: opts.keyRotations } : {}),
  });
  let port = opts.port ?? 0;

  const tokenOk = (candidate: string | null | undefined) =>
    typeof candidate === 'string' && candidate.length === token.length && crypto.timingSafeEqual(Buffer.from(candidate), Buffer.from(token));
  const cookieToken = (req: http.IncomingMessage) =>
    (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === COOKIE)?.[1];
  // Only our own origin: blocks DNS rebinding and other sites' pages reaching the port.
  const hostOk = (req: http.IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!hostOk(req)) return refuse(res, 'wrong host');
    // For a service manager or load balancer: says whether this process works, and nothing about the fleet's schools.
    if (url.pathname === '/health') return void health(core).then((h) => json(res, h.ok ? 200 : 503, h));
    const queryToken = url.searchParams.get('token');
    if (tokenOk(queryToken)) {
      // Trade the token in the URL for a cookie, so it does not linger in history or the address bar.
      res.writeHead(303, { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, Location: '/', 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!tokenOk(cookieToken(req))) return refuse(res, 'missing or wrong token');
    serveStatic(opts.staticDir, url.pathname, res, tileUrlTemplate(core.context.settings.get('map')));
  });

  const log = core.context.log;
  // Compression off: a small deflated frame could inflate past any cap we can afford to check.
  // UTF-8 validation on, so a bad text frame closes with 1007 instead of reaching JSON.parse.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, skipUTF8Validation: false });
  wss.on('error', (err) => log.error('websocket server error', { err: err.message }));
  // A malformed handshake: answer 400 and drop that socket; nothing else is affected.
  wss.on('wsClientError', (err, socket) => {
    log.warn('refused a malformed websocket handshake', { err: err.message });
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  server.on('error', (err) => log.error('http server error', { err: err.message }));
  server.on('upgrade', (req, socket, head) => {
    // Node drops its own error listener from an upgraded socket: a reset here would be unhandled.
    socket.on('error', (err) => log.warn('websocket socket error', { err: err.message }));
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const originOk = req.headers.origin === `http://127.0.0.1:${port}` || req.headers.origin === `http://localhost:${port}`;
    if (url.pathname !== '/ws' || !hostOk(req) || !originOk || !tokenOk(cookieToken(req) ?? url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const operator = operatorContext(url);
    if (!operator.ok) {
      socket.end(badUpgrade(operator.message));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, core, log, operator.context));
  });
  server.on('connection', (socket) => socket.setNoDelay(true));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    loginUrl: `${url}?token=${token}`,
    token,
    port,
    core,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      // close() waits for every socket; a browser's keep-alive connections would hold it
      // open until they time out (a test's teardown once waited a minute), so end them now.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await core.close();
    },
  };
}

export interface Health {
  ok: boolean;
  backend: 'sqlite' | 'postgres';
  collector: string | null;
  sitesPolled: number;
  leasesHeld: number | null;
  /** 'ok', or why the store could not be read. */
  store: string;
}

async function health(core: Core): Promise<Health> {
  const { store, leases, poller } = core.context;
  let storeState = 'ok';
  try {
    await store.settings.get('pollIntervalS');
  } catch (err) {
    storeState = err instanceof Error ? err.message : String(err);
  }
  return { ok: storeState === 'ok', backend: store.backend, collector: leases?.id ?? null, sitesPolled: poller.polling, leasesHeld: leases ? leases.owned().length : null, store: storeState };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function refuse(res: http.ServerResponse, why: string): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`Forbidden: ${why}. Open the URL printed by "npm run serve", which carries this run's token.\n`);
}

function attach(ws: WebSocket, core: Core, log: Logger, context: RequestContext): void {
  const send = (m: CoreMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  const unsubscribe = core.onEvent((name, payload) => send({ type: 'event', name, payload }));
  ws.on('close', unsubscribe);
  // A bad frame (too big, invalid UTF-8, reserved bits or opcode, unmasked) is reported here;
  // with a listener, ws closes this connection with the matching code (1009, 1007, 1002).
  ws.on('error', (err) => log.warn('closed a websocket after a bad frame', { err: err.message, code: (err as Error & { code?: string }).code }));
  ws.on('message', (raw) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8'));
    } catch {
      return ws.close(1003, 'not JSON');
    }
    const msg = CoreRequestSchema.safeParse(parsed);
    if (!msg.success) return ws.close(1003, 'not a request');
    const { id, channel, payload } = msg.data;
    void core.request(channel, payload, context).then((result) => send({ type: 'response', id, result }));
  });
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'b2b-fleet-console-browser');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '5199' }, data: { type: 'string' }, 'static-dir': { type: 'string' } },
  });
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const staticDir = values['static-dir'] ?? path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`No built renderer in ${staticDir}. Run "npm run build:renderer" first (npm run serve does).`);
    process.exit(1);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const dataDir = values.data ?? process.env.B2B_DATA_DIR ?? defaultDataDir();
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0..65535, got ${values.port ?? ''}`);
    process.exit(1);
  }
  const running = await startServer({ dataDir, staticDir, port, version: pkg.version, echoLogs: false });
  console.log(`B2B Fleet Console (browser mode), data in ${dataDir}`);
  console.log(`Open: ${running.loginUrl}`);
  closeOnSignal(() => running.close());
}

runAsMain(import.meta.url, main);
