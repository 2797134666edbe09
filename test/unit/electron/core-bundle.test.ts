// Runs the bundled core (dist/electron/core.cjs, built here into a temp folder) the way
// main does, through CoreHost, with Node's child_process standing in for utilityProcess:
// a small shim gives the child the `process.parentPort` Electron would.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleElectron } from '../../../build/bundle-electron.ts';
import { CoreHost, type CoreProcessLike } from '../../../electron/main/core-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PARENT_PORT_SHIM = `
process.parentPort = {
  on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data })); },
  postMessage(message) { process.send(message); },
};
`;

let tmp: string;
let host: CoreHost;
const onEvent = vi.fn();

/** A Node child process dressed as Electron's UtilityProcess. */
class ChildCore implements CoreProcessLike {
  private readonly child: ChildProcess;
  constructor(script: string) {
    this.child = fork(script, [], {
      execArgv: ['--require', path.join(tmp, 'parent-port-shim.cjs')],
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
  }
  postMessage(message: unknown): void {
    this.child.send(message as object);
  }
  kill(): boolean {
    return this.child.kill();
  }
  on(event: 'message', listener: (message: unknown) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
  on(event: 'message' | 'exit', listener: ((message: unknown) => void) | ((code: number) => void)): this {
    if (event === 'message') this.child.on('message', listener as (message: unknown) => void);
    else this.child.on('exit', (code) => listener(code ?? 1));
    return this;
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-core-bundle-'));
  fs.writeFileSync(path.join(tmp, 'parent-port-shim.cjs'), PARENT_PORT_SHIM);
  await bundleElectron({ outdir: path.join(tmp, 'electron'), print: () => undefined });
  host = new CoreHost({
    fork: () => new ChildCore(path.join(tmp, 'electron', 'core.cjs')),
    init: { dataDir: path.join(tmp, 'data'), version: '9.9.9', mode: 'desktop' },
    onEvent,
    log: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    requestTimeoutMs: 20_000,
  });
  host.start();
}, 60_000);

afterAll(async () => {
  await host.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the bundled core behind CoreHost', () => {
  it('starts, opens its database under dataDir and answers app.info as the OS user', async () => {
    await expect(host.request('app.info', {})).resolves.toMatchObject({ ok: true, data: { version: '9.9.9', mode: 'desktop', dataDir: path.join(tmp, 'data'), operator: os.userInfo().username } });
    expect(fs.existsSync(path.join(tmp, 'data', 'console.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(tmp, 'data', 'logs', 'core.log'))).toBe(true);
  });

  it('creates a site, pushes sites.changed, and refuses a bad one', async () => {
    const created = await host.request('sites.create', { site: { urn: 654321, name: 'Bundle Test School', host: 'bundle.example.org', user: 'b2b' } });
    expect(created).toMatchObject({ ok: true, data: { urn: 654321 } });
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledWith('sites.changed', expect.objectContaining({ reason: 'created' })));
    await expect(host.request('sites.create', { site: { urn: 1 } })).resolves.toMatchObject({ ok: false, error: { code: 'validation' } });
    await expect(host.request('sites.list', {})).resolves.toMatchObject({ ok: true, data: [{ urn: 654321 }] });
  });

  it('shuts the core down cleanly', async () => {
    await host.stop();
    expect(host.state).toBe('stopped');
  });
});
