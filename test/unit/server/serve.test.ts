import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../electron/server/serve.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
let running: RunningServer | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(): Promise<RunningServer> {
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(tempDir(), 'secret.txt'), 'outside');
  running = await startServer({ dataDir: tempDir(), staticDir });
  return running;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(new Error(`HTTP ${res.statusCode ?? 0}${body ? `: ${body.trim()}` : ''}`)));
    });
    ws.once('error', reject);
  });
}

function ask(ws: WebSocket, channel: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (raw: Buffer) => {
      const msg = JSON.parse(raw.toString()) as { type: string };
      if (msg.type !== 'response') return;
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id: 1, channel, payload }));
  });
}

/** A logged-in socket acting for `operator`. */
function socketFor(s: RunningServer, operator: string): Promise<WebSocket> {
  return openSocket(`ws://127.0.0.1:${s.port}/ws?operator=${encodeURIComponent(operator)}`, { origin: `http://127.0.0.1:${s.port}`, cookie: `b2b_token=${s.token}` });
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only', async () => {
    const s = await start();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a page request without the token', async () => {
    const s = await start();
    const r = await get(s.url);
    expect(r.status).toBe(403);
    expect(r.body).toContain('token');
  });

  it('trades the token in the URL for an HttpOnly cookie, then serves the app with a CSP', async () => {
    const s = await start();
    const login = await get(s.loginUrl);
    expect(login.status).toBe(303);
    const cookie = String(login.headers['set-cookie']?.[0]).split(';')[0] ?? '';
    expect(login.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get(s.url, { cookie });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data: https://tile.openstreetmap.org;");
    await s.core.context.settings.set('map', { tiles: 'os', osApiKey: 'k' });
    expect((await get(s.url, { cookie })).headers['content-security-policy']).toContain("img-src 'self' data: https://api.os.uk;");
    expect((await get(`${s.url}..%2f..%2fsecret.txt`, { cookie })).status).not.toBe(200);
  });

  it('refuses a wrong token and a foreign Host header', async () => {
    const s = await start();
    expect((await get(`${s.url}?token=${'x'.repeat(s.token.length)}`)).status).toBe(403);
    expect((await get(s.loginUrl, { host: 'evil.example' })).status).toBe(403);
  });

  it('answers the contract over the WebSocket with the token, and refuses it without', async () => {
    const s = await start();
    const origin = `http://127.0.0.1:${s.port}`;
    const wsUrl = `ws://127.0.0.1:${s.port}/ws?operator=Sam%20Patel`;
    await expect(openSocket(wsUrl, { origin })).rejects.toThrow('HTTP 403');
    await expect(openSocket(wsUrl, { origin: 'http://evil.example', cookie: `b2b_token=${s.token}` })).rejects.toThrow('HTTP 403');
    const ws = await openSocket(wsUrl, { origin, cookie: `b2b_token=${s.token}` });
    expect(await ask(ws, 'sites.list', {})).toEqual({ type: 'response', id: 1, result: { ok: true, data: [] } });
    expect(await ask(ws, 'sites.nuke', {})).toMatchObject({ result: { ok: false, error: { code: 'unknown_channel' } } });
    expect(await ask(ws, 'sites.create', { site: { urn: 1 } })).toMatchObject({ result: { ok: false, error: { code: 'validation' } } });
    ws.close();
  });

  it('refuses a connection without an operator, or with a bad name, with 400 and the reason; the token is checked first', async () => {
    const s = await start();
    const origin = `http://127.0.0.1:${s.port}`;
    const cookie = `b2b_token=${s.token}`;
    await expect(openSocket(`ws://127.0.0.1:${s.port}/ws`, { origin, cookie })).rejects.toThrow('HTTP 400: Name the operator: /ws?operator=<name>');
    await expect(openSocket(`ws://127.0.0.1:${s.port}/ws?operator=S`, { origin, cookie })).rejects.toThrow('HTTP 400: Operator name refused: A name is at least 2 characters');
    await expect(socketFor(s, 'Sam\u202ePatel')).rejects.toThrow(/HTTP 400: Operator name refused: Text direction characters/);
    await expect(openSocket(`ws://127.0.0.1:${s.port}/ws`, { origin })).rejects.toThrow('HTTP 403');
  });

  it('acts for the operator each connection named: app.info answers it, and changes are audited under it', async () => {
    const s = await start();
    const sam = await socketFor(s, '  Sam Patel ');
    const priya = await socketFor(s, 'Priya Shah');
    expect(await ask(sam, 'app.info', {})).toMatchObject({ result: { ok: true, data: { mode: 'browser', operator: 'Sam Patel' } } });
    expect(await ask(priya, 'app.info', {})).toMatchObject({ result: { ok: true, data: { operator: 'Priya Shah' } } });
    expect(await ask(priya, 'settings.update', { patch: { pollIntervalS: 600 } })).toMatchObject({ result: { ok: true } });
    expect(await ask(sam, 'alerts.mute', { muted: true })).toMatchObject({ result: { ok: true } });
    expect((await s.core.context.audit.recent()).map((e) => [e.actor, e.action])).toEqual([
      ['Sam Patel', 'alerts.mute'],
      ['Priya Shah', 'settings.update'],
    ]);
    sam.close();
    priya.close();
  });
});
