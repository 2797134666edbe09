// Malformed WebSocket frames, sent by hand over raw TCP to a real browser-mode server in its
// own process: each must close only that connection, with the right code, while the server
// keeps answering other clients and its core keeps polling the simulated fleet.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useTempDir } from '../../helpers/temp-dir.ts';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ws-frames-server.ts');
const tempDir = useTempDir();

let child: ChildProcess;
let info: { port: number; token: string; siteIds: number[] };
let stderr = '';

beforeAll(async () => {
  const proc = spawn(process.execPath, [SERVER, tempDir(), tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`server exited ${String(code)}: ${stderr}`)));
  });
  info = JSON.parse(line) as typeof info;
});

afterAll(async () => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

interface Frame {
  opcode: number;
  payload: Buffer;
  rsv1?: boolean;
  masked?: boolean;
  /** A length to declare instead of the payload's own (for oversize frames). */
  declaredLength?: number;
}

/** RFC 6455 frame bytes, built by hand so they can break the rules. */
function frameBytes({ opcode, payload, rsv1 = false, masked = true, declaredLength = payload.length }: Frame): Buffer {
  const head = [0x80 | (rsv1 ? 0x40 : 0) | opcode];
  const maskBit = masked ? 0x80 : 0;
  let length: Buffer;
  if (declaredLength < 126) length = Buffer.from([maskBit | declaredLength]);
  else if (declaredLength < 65536) {
    length = Buffer.alloc(3);
    length[0] = maskBit | 126;
    length.writeUInt16BE(declaredLength, 1);
  } else {
    length = Buffer.alloc(9);
    length[0] = maskBit | 127;
    length.writeBigUInt64BE(BigInt(declaredLength), 1);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), length, payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from(head), length, key, body]);
}

/** A raw TCP connection that has completed the HTTP upgrade with this run's token. */
async function rawUpgrade(): Promise<{ socket: net.Socket; afterHeaders: () => Buffer }> {
  const socket = net.connect({ host: '127.0.0.1', port: info.port, noDelay: true });
  let received = Buffer.alloc(0);
  socket.on('data', (c: Buffer) => (received = Buffer.concat([received, c])));
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {}); // The server may reset us later; the test reads what it got.
  socket.write(
    [
      'GET /ws?operator=Sam%20Patel HTTP/1.1',
      `Host: 127.0.0.1:${info.port}`,
      `Origin: http://127.0.0.1:${info.port}`,
      `Cookie: b2b_token=${info.token}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  const end = () => received.indexOf('\r\n\r\n');
  await expect.poll(() => end(), { timeout: 5_000 }).toBeGreaterThan(0);
  expect(received.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
  return { socket, afterHeaders: () => received.subarray(end() + 4) };
}

/** The close code in the server's close frame, or 'destroyed' if the socket ended without one. */
async function closeOutcome(socket: net.Socket, afterHeaders: () => Buffer): Promise<number | 'destroyed'> {
  // Server frames are unmasked: [FIN|opcode, length, code(2), reason...]. A graceful close
  // waits for our reply, so the frame is the answer; a socket that just ends is the other.
  // The server may push events (fleet, config, rollouts) to every connection at any time:
  // walk the frames and answer with the close frame's code, skipping what came before it.
  const closeCode = () => {
    const bytes = afterHeaders();
    let at = 0;
    while (at + 2 <= bytes.length) {
      const opcode = (bytes[at] ?? 0) & 0x0f;
      let len = (bytes[at + 1] ?? 0) & 0x7f;
      let head = 2;
      if (len === 126) {
        if (at + 4 > bytes.length) return null;
        len = bytes.readUInt16BE(at + 2);
        head = 4;
      } else if (len === 127) {
        if (at + 10 > bytes.length) return null;
        len = Number(bytes.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (opcode === 0x8) return at + head + 2 <= bytes.length ? bytes.readUInt16BE(at + head) : null;
      at += head + len;
    }
    return null;
  };
  await expect.poll(() => closeCode() !== null || socket.destroyed, { timeout: 10_000 }).toBe(true);
  const code = closeCode();
  socket.destroy();
  return code ?? 'destroyed';
}

function client(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${info.port}/ws?operator=Sam%20Patel`, { headers: { origin: `http://127.0.0.1:${info.port}`, cookie: `b2b_token=${info.token}` } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 1;
function ask(ws: WebSocket, channel: string, payload: unknown): Promise<{ ok: boolean; data?: unknown }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (raw: Buffer) => {
      const m = JSON.parse(raw.toString()) as { type: string; id?: number; result?: { ok: boolean; data?: unknown } };
      if (m.type !== 'response' || m.id !== id || !m.result) return;
      ws.off('message', onMessage);
      resolve(m.result);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
  });
}

let lastPolledAt = new Map<number, number>();

/** The server process lives, a well-behaved client is answered, and a fresh poll of every school succeeds. */
async function expectServerAndPollingAlive(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50)); // room for a crash to land
  expect(child.exitCode, stderr).toBeNull();
  expect(child.signalCode, stderr).toBeNull();
  const ws = await client();
  try {
    expect(await ask(ws, 'poll.now', {})).toEqual({ ok: true, data: { polled: info.siteIds.length, statuses: [] } });
    const snap = await ask(ws, 'fleet.snapshot', {});
    const statuses = (snap.data as { statuses: { siteId: number; polledAt: number | null; lastOkAt: number | null }[] }).statuses;
    expect(statuses.map((s) => s.siteId).sort()).toEqual([...info.siteIds].sort());
    for (const s of statuses) {
      expect(s.lastOkAt, `site ${s.siteId} polled fine`).not.toBeNull();
      expect(s.polledAt ?? 0, `site ${s.siteId} polled again`).toBeGreaterThan(lastPolledAt.get(s.siteId) ?? 0);
    }
    lastPolledAt = new Map(statuses.map((s) => [s.siteId, s.polledAt ?? 0]));
  } finally {
    ws.close();
  }
}

describe('browser-mode server under malformed WebSocket frames', () => {
  it('polls the fleet and answers before any abuse', async () => {
    await expectServerAndPollingAlive();
  });

  const cases: { name: string; frame: Frame; code: number }[] = [
    { name: 'a frame declaring more than 1 MiB', frame: { opcode: 0x1, payload: Buffer.from('{"'), declaredLength: 2 * 1024 * 1024 }, code: 1009 },
    { name: 'a text frame of invalid UTF-8', frame: { opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, code: 1007 },
    { name: 'a frame with RSV1 set', frame: { opcode: 0x1, payload: Buffer.from('{}'), rsv1: true }, code: 1002 },
    { name: 'a reserved opcode (0x3)', frame: { opcode: 0x3, payload: Buffer.from('x') }, code: 1002 },
    { name: 'an unmasked client frame', frame: { opcode: 0x1, payload: Buffer.from('{}'), masked: false }, code: 1002 },
  ];
  for (const c of cases) {
    it(`closes ${c.name} with ${c.code} and carries on`, async () => {
      const { socket, afterHeaders } = await rawUpgrade();
      socket.write(frameBytes(c.frame));
      expect(await closeOutcome(socket, afterHeaders)).toBe(c.code);
      await expectServerAndPollingAlive();
    });
  }

  it('survives a truncated frame then a reset, and a reset in the middle of the upgrade', async () => {
    const { socket } = await rawUpgrade();
    socket.write(frameBytes({ opcode: 0x1, payload: Buffer.alloc(200, 0x61) }).subarray(0, 20));
    socket.resetAndDestroy();
    const half = net.connect({ host: '127.0.0.1', port: info.port });
    half.on('error', () => {});
    await new Promise((resolve) => half.once('connect', resolve));
    half.write(`GET /ws?operator=Sam%20Patel HTTP/1.1\r\nHost: 127.0.0.1:${info.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    half.resetAndDestroy();
    await expectServerAndPollingAlive();
  });

  it('still refuses a text message that is not JSON with 1003', async () => {
    const { socket, afterHeaders } = await rawUpgrade();
    socket.write(frameBytes({ opcode: 0x1, payload: Buffer.from('not json') }));
    expect(await closeOutcome(socket, afterHeaders)).toBe(1003);
    await expectServerAndPollingAlive();
  });
});
