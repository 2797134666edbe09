// Entry of the core inside Electron's utilityProcess. It talks to the main process
// over process.parentPort (a Node-side API of utility processes; no `electron` import).
import { HostMessageSchema, type CoreMessage } from '../../shared/core-messages.ts';
import { createCore, type Core } from './core.ts';
import { ParentPortCipher, SecretResultSchema } from './secrets/parent-port-cipher.ts';
import { KeyFileCipher, type SecretCipher } from './secrets/secret-cipher.ts';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) throw new Error('utility-host must run inside an Electron utilityProcess');
const parentPort: ParentPort = port;

const send = (m: CoreMessage) => parentPort.postMessage(m);
const keyring = new ParentPortCipher((m) => parentPort.postMessage(m));
let core: Core | null = null;

/** The OS keyring when main says one is there; otherwise a key file, and the UI says so. */
async function chooseCipher(dataDir: string): Promise<SecretCipher> {
  try {
    if (await keyring.available()) return keyring;
  } catch {
    // No answer from main about the keyring: fall through to the key file.
  }
  return new KeyFileCipher(dataDir);
}

parentPort.on('message', (e) => {
  const secret = SecretResultSchema.safeParse(e.data);
  if (secret.success) {
    keyring.receive(secret.data);
    return;
  }
  const msg = HostMessageSchema.safeParse(e.data);
  if (!msg.success) return; // The host is trusted code; a malformed message is a bug, not an attack.
  const m = msg.data;
  if (m.type === 'init') {
    chooseCipher(m.dataDir)
      .then((cipher) => createCore({ dataDir: m.dataDir, version: m.version, mode: m.mode, cipher }))
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
