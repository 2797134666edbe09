// The fleet's loopback-only HTTP control API: ground truth per site, fault injection,
// and the sim clock, so tests and the demo can steer the fleet and check the console.
//   GET    /health                  → { ok, sites, clock }
//   GET    /sites                   → SiteTruth[]
//   GET    /sites/:urn              → SiteTruth
//   POST   /sites/:urn/faults       { name, since?, until? | forMinutes?, params? } → SiteTruth
//                                   (host-off with until/forMinutes: off now or at since, back on by itself)
//   DELETE /sites/:urn/faults       (all faults, and a bad config) → SiteTruth
//   DELETE /sites/:urn/faults/:name → SiteTruth
//   POST   /sites/:urn/config       { endpointUrl?, schoolId?, mis?, schedule?, days?, enabled? (null removes),
//                                     logLevel?, proxy? } → SiteTruth (a local edit on the server: no backup)
//   GET    /clock                   → { now, speed }
//   POST   /clock                   { time?, speed? } → { now, speed }
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { ConfigChangeSchema } from './config-change.ts';
import { FaultInputSchema, FaultNameSchema } from './faults.ts';
import type { FleetControl } from './fleet.ts';

export interface ControlApi {
  url: string;
  close(): Promise<void>;
}

const ClockChangeSchema = z
  .object({ time: z.iso.datetime({ offset: true }).optional(), speed: z.number().min(0).max(100_000).optional() })
  .strict()
  .refine((c) => c.time !== undefined || c.speed !== undefined, 'give time and/or speed');

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new HttpError(413, `body is larger than ${MAX_BODY} bytes`));
      else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'body is not JSON'));
      }
    });
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HttpError(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

function urnOf(text: string | undefined): number {
  if (text === undefined || !/^\d{1,9}$/.test(text)) throw new HttpError(400, 'URN must be a number');
  return Number(text);
}

export async function startControlApi(control: FleetControl, options: { host: string; port: number; sites: number }): Promise<ControlApi> {
  const route = async (req: IncomingMessage): Promise<unknown> => {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const [root, urnText, sub, name] = parts;
    if (root === 'health' && parts.length === 1 && method === 'GET') return { ok: true, sites: options.sites, clock: control.clock() };
    if (root === 'clock' && parts.length === 1) {
      if (method === 'GET') return control.clock();
      if (method === 'POST') return control.setClock(parse(ClockChangeSchema, await readBody(req)));
    }
    if (root === 'sites') {
      if (parts.length === 1 && method === 'GET') return control.truth();
      if (parts.length === 2 && method === 'GET') return control.truthOf(urnOf(urnText));
      if (sub === 'faults' && parts.length === 3 && method === 'POST') return control.inject(urnOf(urnText), parse(FaultInputSchema, await readBody(req)));
      if (sub === 'faults' && parts.length === 3 && method === 'DELETE') return control.clear(urnOf(urnText));
      if (sub === 'faults' && parts.length === 4 && method === 'DELETE') return control.clear(urnOf(urnText), parse(FaultNameSchema, name));
      if (sub === 'config' && parts.length === 3 && method === 'POST') return control.changeConfig(urnOf(urnText), parse(ConfigChangeSchema, await readBody(req)));
    }
    throw new HttpError(404, `no route ${method} ${url.pathname}`);
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    req.socket.setNoDelay(true);
    // Only callers that addressed us as loopback: a page on another origin that
    // rebinds a DNS name to 127.0.0.1 still sends its own name in Host.
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostHeader)) {
      send(res, 403, { error: 'loopback callers only' });
      return;
    }
    route(req).then(
      (body) => send(res, 200, body),
      (err: unknown) => {
        if (err instanceof HttpError) send(res, err.status, { error: err.message });
        else if (err instanceof Error && err.name === 'UnknownSiteError') send(res, 404, { error: err.message });
        else if (err instanceof Error && (err.name === 'FaultInputError' || err.name === 'ConfigChangeError')) send(res, 400, { error: err.message });
        else if (err instanceof z.ZodError) send(res, 400, { error: err.issues[0]?.message ?? 'invalid' });
        else send(res, 500, { error: err instanceof Error ? err.message : 'internal error' });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostPart}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
