// Settings → Team server, in Chromium. Electron cannot run here, so the page gets the
// desktop's window.b2b as the preload builds it (one method per channel, plus the main-only
// ones), wired to main's real request handlers and Backends in this test process; "this
// computer" is one console server's core and the team server is a second, real server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { Backends } from '../../electron/main/backends.ts';
import { createRequestHandler } from '../../electron/main/ipc.ts';
import type { SafeStorageLike } from '../../electron/main/secrets.ts';
import { createTeamHandlers } from '../../electron/main/team-ipc.ts';
import { startServer, type RunningServer } from '../../electron/server/serve.ts';
import { channelNames, methodName } from '../../shared/contract.ts';
import { CONNECTION_EVENT, TEAM_SERVER_GET_CHANNEL, TEAM_SERVER_SET_CHANNEL } from '../../shared/desktop-bridge.ts';
import { axe, seriousFindings } from './a11y.ts';
import { STATIC_DIR } from './fixtures.ts';

const TOKEN = 'tEaMsErVeR-0123456789_abcdefghij';
const OUR_WINDOW = { sender: { id: 1 }, senderFrame: { url: 'app://console/index.html', parent: null } };
// A keyring stand-in: reversible, enough for the page's view of where the token went.
const KEYRING: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (t) => Buffer.from(t, 'utf8').reverse(),
  decryptString: (b) => Buffer.from(b).reverse().toString('utf8'),
};
const teardowns: (() => Promise<void>)[] = [];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface World {
  local: RunningServer;
  team: RunningServer;
  backends: Backends;
  dirs: string[];
}

async function desktopOn(page: Page): Promise<World> {
  const dirs = [0, 1, 2].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-e2e-team-')));
  const [localDir = '', teamDir = '', appDir = ''] = dirs;
  const local = await startServer({ dataDir: localDir, staticDir: STATIC_DIR });
  const team = await startServer({ dataDir: teamDir, staticDir: STATIC_DIR, token: TOKEN });
  const created = await team.core.request('sites.create', { site: { urn: 141043, name: 'Collector Academy', area: 'North', host: '127.0.0.1', port: 1, user: 'b2b', tags: [] } });
  if (!created.ok) throw new Error(created.error.message);

  const push = (name: string, payload: unknown) => void page.evaluate(([n, p]) => (window as unknown as { __b2bPush: (n: string, p: unknown) => void }).__b2bPush(n, p), [name, payload] as const).catch(() => undefined);
  const backends: Backends = new Backends({
    dataDir: appDir,
    storage: KEYRING,
    log: quiet,
    operator: 'Sam Patel',
    startLocal: () => ({ request: (c, p) => local.core.request(c, p), stop: () => Promise.resolve() }),
    onEvent: push,
    onConnection: (state) => push(CONNECTION_EVENT, { state }),
    onSwitched: () => void page.reload(),
    probeTimeoutMs: 5_000,
  });
  backends.start();
  const offLocal = local.core.onEvent((n, p) => push(n, p));
  const contract = createRequestHandler({ isOurWebContents: () => true, relay: (c, p) => backends.request(c, p), log: quiet });
  const teamIpc = createTeamHandlers({ isOurWebContents: () => true, log: quiet, status: () => backends.status(), choose: (c) => backends.choose(c) });
  await page.exposeBinding('__b2bInvoke', (_source, channel: string, payload: unknown) => {
    if (channel === TEAM_SERVER_GET_CHANNEL) return teamIpc.get(OUR_WINDOW);
    if (channel === TEAM_SERVER_SET_CHANNEL) return teamIpc.set(OUR_WINDOW, payload);
    return contract(OUR_WINDOW, channel, payload);
  });
  // What electron/preload/preload.ts exposes, built over the binding above.
  await page.addInitScript(
    ({ methods, get, set }) => {
      const invoke = (window as unknown as { __b2bInvoke: (c: string, p?: unknown) => Promise<unknown> }).__b2bInvoke;
      const listeners = new Set<(n: string, p: unknown) => void>();
      const api: Record<string, unknown> = {
        onEvent: (l: (n: string, p: unknown) => void) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
        teamServerGet: () => invoke(get),
        teamServerSet: (choice: unknown) => invoke(set, choice),
      };
      for (const [method, channel] of methods) api[method] = (req: unknown) => invoke(channel, req);
      Object.assign(window, { b2b: api, __b2bPush: (n: string, p: unknown) => listeners.forEach((l) => l(n, p)) });
    },
    { methods: channelNames.map((c) => [methodName(c), c] as const), get: TEAM_SERVER_GET_CHANNEL, set: TEAM_SERVER_SET_CHANNEL },
  );
  const world = { local, team, backends, dirs };
  teardowns.push(async () => {
    offLocal();
    await backends.stop();
    await team.close();
    await local.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  // The page comes from the local server (its token cookie), as app:// would serve it.
  await page.goto(local.loginUrl);
  return world;
}

test.afterEach(async () => {
  for (const f of teardowns.splice(0)) await f();
});

test('a desktop joins the team server from Settings, sees the team’s fleet, and goes back to this computer', async ({ page }) => {
  const { team } = await desktopOn(page);
  const settings = page.getByTestId('settings');
  await page.goto(new URL('#/settings', page.url()).href);
  const section = page.getByTestId('section-team');
  await expect(page.getByTestId('team-state')).toContainText('works on this computer');
  expect(await seriousFindings(axe(page, '[data-testid="section-team"]'), 'team server section')).toEqual([]);

  await section.getByTestId('team-team').check();
  await settings.getByTestId('field-team.address').fill('http://10.0.0.9:8443');
  await section.getByTestId('save-team').click();
  await expect(section.getByText(/on this computer only/)).toBeVisible();

  await settings.getByTestId('field-team.address').fill(team.url);
  await settings.getByTestId('field-team.token').fill('x'.repeat(32));
  await section.getByTestId('save-team').click();
  await expect(section.getByTestId('alert-team')).toContainText('check the access token');
  await expect(page.getByTestId('team-state')).toContainText('works on this computer');

  await settings.getByTestId('field-team.token').fill(TOKEN);
  await section.getByTestId('save-team').click();
  // Main reloads the window onto the team server's core.
  await expect(page.getByTestId('team-state')).toContainText(`Connected to the team server at http://127.0.0.1:${team.port}`);
  await expect(page.getByTestId('team-pill')).toHaveText(`TEAM 127.0.0.1:${team.port}`);
  expect(await seriousFindings(axe(page, '.app-header'), 'header with the team pill')).toEqual([]);
  await page.goto(new URL('#/sites', page.url()).href);
  await expect(page.getByRole('cell', { name: 'Collector Academy', exact: true })).toBeVisible();

  await page.goto(new URL('#/settings', page.url()).href);
  await section.getByTestId('team-local').check();
  await section.getByTestId('save-team').click();
  await expect(page.getByTestId('team-state')).toContainText('works on this computer');
  await page.goto(new URL('#/sites', page.url()).href);
  await expect(page.getByTestId('add-site')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Collector Academy', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('team-pill')).toHaveCount(0);
});
