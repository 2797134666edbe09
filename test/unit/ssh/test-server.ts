// A tiny in-process SSH server on 127.0.0.1 for the client's unit tests. It records
// what reached it (auth attempts, exec lines) so tests can prove that a refused
// host key means nothing was sent.
import net, { type AddressInfo } from 'node:net';
import ssh2, { type ParsedKey, type ServerChannel } from 'ssh2';
import { hostKeyFingerprint } from '../../../electron/core/ssh/fingerprint.ts';
import { newEd25519KeyPair } from '../../tools/sshd.ts';

// CommonJS: Node's ESM loader does not see these as named exports.
const { Server, utils } = ssh2;

export type ExecHandler = (command: string, stdin: string, channel: ServerChannel) => void;

export interface TestServer {
  port: number;
  fingerprint: string;
  /** Auth requests of any kind, including the "would this key do?" probe. */
  authAttempts: number;
  execs: string[];
  /** Stops reading from every open connection: the host hangs without closing. */
  freeze(): void;
  close(): Promise<void>;
}

export { newEd25519KeyPair as newKeyPair } from '../../tools/sshd.ts';

function parsed(key: string): ParsedKey {
  const k = utils.parseKey(key);
  if (k instanceof Error) throw k;
  return k;
}

/** Reads all of stdin (until EOF), then hands the command to the handler. */
export async function startTestServer(options: { clientPublicKey: string; handler: ExecHandler }): Promise<TestServer> {
  const hostKey = newEd25519KeyPair();
  const allowed = parsed(options.clientPublicKey);
  const state = { authAttempts: 0, execs: [] as string[] };
  const clients = new Set<{ end(): unknown }>();
  const ssh = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      state.authAttempts += 1;
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const sameKey = ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH());
      if (!sameKey) return ctx.reject(['publickey']);
      if (ctx.signature === undefined || ctx.blob === undefined) return ctx.accept();
      return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? ctx.accept() : ctx.reject(['publickey']);
    });
    client.on('session', (accept) => {
      accept().on('exec', (acceptExec, _reject, info) => {
        state.execs.push(info.command);
        const channel = acceptExec();
        const chunks: Buffer[] = [];
        channel.on('data', (c: Buffer) => chunks.push(c));
        channel.on('end', () => options.handler(info.command, Buffer.concat(chunks).toString('utf8'), channel));
      });
    });
  });
  // Our own listener so accepted sockets get TCP_NODELAY too (ssh2's Server leaves it off).
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    fingerprint: hostKeyFingerprint(parsed(hostKey.public).getPublicSSH()),
    get authAttempts() {
      return state.authAttempts;
    },
    execs: state.execs,
    freeze: () => {
      for (const s of sockets) s.pause();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // close() waits for clients; tests may leave a hung one behind on purpose.
        for (const c of clients) c.end();
        for (const s of sockets) s.destroy();
      }),
  };
}
