// Entry of the core inside Electron's utilityProcess. It talks to the main process
// over process.parentPort (a Node-side API of utility processes; no `electron` import).
import { HostMessageSchema, type CoreMessage } from '../../shared/core-messages.ts';
import { createCore, type Core } from './core.ts';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) throw new Error('utility-host must run inside an Electron utilityProcess');
const parentPort: ParentPort = port;

const send = (m: CoreMessage) => parentPort.postMessage(m);
let core: Core | null = null;

parentPort.on('message', (e) => {
  const msg = HostMessageSchema.safeParse(e.data);
  if (!msg.success) return; // The host is trusted code; a malformed message is a bug, not an attack.
  const m = msg.data;
  if (m.type === 'init') {
    createCore({ dataDir: m.dataDir, version: m.version, mode: m.mode })
      .then((c) => {
        core = c;
        c.onEvent((name, payload) => send({ type: 'event', name, payload }));
        send({ type: 'ready' });
      })
      .catch((err: unknown) => send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }));
  } else if (m.type === 'request') {
    if (!core) {
      send({ type: 'response', id: m.id, result: { ok: false, error: { code: 'unavailable', message: 'The console core is still starting' } } });
      return;
    }
    void core.request(m.channel, m.payload).then((result) => send({ type: 'response', id: m.id, result }));
  } else {
    void (core?.close() ?? Promise.resolve()).then(() => process.exit(0));
  }
});
