// Which core the desktop's windows talk to: its own (a CoreHost over a utilityProcess, the
// default) or a team server (RemoteCore over the collector's WebSocket). A new choice is
// tried first; only a collector that answers replaces the current core, which then stops,
// and the windows reload onto the new one. The renderer never knows which it has.
import { fail, ok, type Result } from '../../shared/result.ts';
import { parseTeamAddress, tokenProblem, type TeamAddress, type TeamServerChoice, type TeamServerStatus } from '../../shared/team-server.ts';
import type { HostLogger } from './core-process.ts';
import { RemoteCore, type LinkState } from './remote-core.ts';
import type { SafeStorageLike } from './secrets.ts';
import { loadTeamServer, saveTeamServer } from './team-server-file.ts';

/** What main relays requests to. */
export interface Backend {
  request(channel: string, payload: unknown): Promise<Result<unknown>>;
  stop(): Promise<void>;
}

export interface BackendsDeps {
  dataDir: string;
  storage: SafeStorageLike;
  log: HostLogger;
  /** The audit trail's name for this desktop's person (the OS user). */
  operator: string;
  /** Starts this computer's own core. */
  startLocal(): Backend;
  onEvent(name: string, payload: unknown): void;
  /** The link to a team server opened or dropped: windows show or clear their banner. */
  onConnection(state: 'open' | 'closed'): void;
  /** After a switch: windows reload onto the new core. */
  onSwitched(): void;
  probeTimeoutMs?: number;
  remote?: { requestTimeoutMs?: number; firstBackoffMs?: number; maxBackoffMs?: number };
}

type Current =
  | { kind: 'local'; backend: Backend }
  | { kind: 'team'; address: TeamAddress; kept: 'keyring' | 'session'; token: string; remote: RemoteCore }
  | { kind: 'team-without-token'; address: TeamAddress; problem: string };

export class Backends {
  readonly #d: BackendsDeps;
  #current: Current | null = null;
  #switching: Promise<unknown> = Promise.resolve();

  constructor(deps: BackendsDeps) {
    this.#d = deps;
  }

  /** Starts what the saved setting says: local unless a team server was chosen. */
  start(): void {
    const saved = loadTeamServer(this.#d.dataDir, this.#d.storage, this.#d.log);
    if (saved.mode === 'local') {
      this.#current = { kind: 'local', backend: this.#d.startLocal() };
    } else if (saved.token === null) {
      this.#current = { kind: 'team-without-token', address: saved.address, problem: saved.problem ?? 'Give the access token again' };
    } else {
      const remote = this.#remote(saved.address, saved.token, () => true);
      remote.start();
      this.#current = { kind: 'team', address: saved.address, kept: 'keyring', token: saved.token, remote };
    }
  }

  request(channel: string, payload: unknown): Promise<Result<unknown>> {
    const c = this.#current;
    if (!c) return Promise.resolve(fail('unavailable', 'The console core is not running'));
    if (c.kind === 'local') return c.backend.request(channel, payload);
    if (c.kind === 'team') return c.remote.request(channel, payload);
    return Promise.resolve(fail('unavailable', `Not connected to the team server at ${c.address.origin}: ${c.problem}. Settings → Team server.`));
  }

  status(): TeamServerStatus {
    const c = this.#current;
    if (!c || c.kind === 'local') return { mode: 'local', address: null, state: 'local', error: null, tokenKept: null };
    if (c.kind === 'team-without-token') return { mode: 'team', address: c.address.origin, state: 'closed', error: c.problem, tokenKept: null };
    return { mode: 'team', address: c.address.origin, state: c.remote.state, error: c.remote.error, tokenKept: c.kept };
  }

  /** Tries the choice, then switches to it; one switch at a time. */
  choose(choice: TeamServerChoice): Promise<Result<TeamServerStatus>> {
    const next = this.#switching.then(() => (choice.mode === 'local' ? this.#goLocal() : this.#goTeam(choice.address, choice.token)));
    this.#switching = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    await this.#switching;
    const c = this.#current;
    this.#current = null;
    await this.#stopOne(c);
  }

  async #goLocal(): Promise<Result<TeamServerStatus>> {
    if (this.#current?.kind === 'local') return ok(this.status());
    try {
      saveTeamServer(this.#d.dataDir, this.#d.storage, { mode: 'local' });
    } catch (err) {
      return fail('internal', `Could not save the setting: ${err instanceof Error ? err.message : String(err)}`);
    }
    const old = this.#current;
    this.#current = { kind: 'local', backend: this.#d.startLocal() };
    await this.#stopOne(old);
    this.#d.log.info('working locally');
    this.#d.onSwitched();
    return ok(this.status());
  }

  async #goTeam(addressText: string, tokenText: string | undefined): Promise<Result<TeamServerStatus>> {
    const parsed = parseTeamAddress(addressText);
    if (!parsed.ok) return fail('validation', parsed.message);
    const address = parsed.value;
    const c = this.#current;
    // A blank token keeps the one in use for the same server, so a person can reconnect without finding it again.
    const token = tokenText?.trim() || address.token || (c?.kind === 'team' && c.address.origin === address.origin ? c.token : '');
    if (!token) return fail('validation', 'Give the access token: it is in the collector’s data folder, in the file console-token');
    const problem = tokenProblem(token);
    if (problem) return fail('validation', problem);

    let adopted = false;
    const probe = this.#remote(address, token, () => adopted);
    probe.start();
    const reached = await this.#within(probe.attempt(), `${address.origin} did not answer within ${Math.round(this.#probeMs / 1000)} s`);
    const info = reached === null ? await probe.request('app.info', {}) : null;
    if (reached !== null || !info?.ok) {
      await probe.stop();
      return fail('unavailable', reached ?? `${address.origin} answered, but not as a B2B collector: ${info && !info.ok ? info.error.message : ''}`);
    }
    let kept: 'keyring' | 'session';
    try {
      kept = saveTeamServer(this.#d.dataDir, this.#d.storage, { mode: 'team', origin: address.origin, token }) ?? 'session';
    } catch (err) {
      await probe.stop();
      return fail('internal', `Could not save the setting: ${err instanceof Error ? err.message : String(err)}`);
    }
    adopted = true;
    this.#current = { kind: 'team', address, kept, token, remote: probe };
    await this.#stopOne(c);
    this.#d.log.info('working on a team server', { origin: address.origin, tokenKept: kept });
    this.#d.onSwitched();
    return ok(this.status());
  }

  #remote(address: TeamAddress, token: string, adopted: () => boolean): RemoteCore {
    let last: LinkState = 'connecting';
    return new RemoteCore({
      address,
      token,
      operator: this.#d.operator,
      log: this.#d.log,
      ...this.#d.remote,
      // A probe's events and link changes reach the windows only once it is the console's core.
      onEvent: (name, payload) => {
        if (adopted()) this.#d.onEvent(name, payload);
      },
      onState: (state) => {
        if (state === 'connecting' || state === last) return;
        last = state;
        if (adopted()) this.#d.onConnection(state);
      },
    });
  }

  get #probeMs(): number {
    return this.#d.probeTimeoutMs ?? 10_000;
  }

  async #within(attempt: Promise<string | null>, late: string): Promise<string | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(late), this.#probeMs);
    });
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #stopOne(c: Current | null): Promise<void> {
    if (c?.kind === 'local') await c.backend.stop();
    else if (c?.kind === 'team') await c.remote.stop();
  }
}
