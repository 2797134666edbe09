// The built-in demo: the simulator hosting the Brackenfield schools (a GIAS extract
// shipped with the app), polled live like a real estate. Its sites are flagged demo,
// never mix with real ones, and are offered only while the register is empty.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AGENT_COMMAND, ConfigGetSchema } from '../../../shared/protocol/v1.ts';
import { AppFailure } from '../../../shared/result.ts';
import { calendarSettings, loadGiasSchools, startFleet, type Fleet } from '../../../sim/index.ts';
import type { CoreContext } from '../context.ts';
import { importSites } from '../sites/import-sites.ts';

export const DEMO_SEED = 'brackenfield-demo';
export const DEMO_CREDENTIAL = 'demo';
export const DEMO_TEMPLATE = 'Brackenfield schools';
const ConfigGetAnswer = z.object({ data: ConfigGetSchema });

/** Where the GIAS extract is: beside the sources in development, beside the bundle when packaged. */
function giasFile(): string {
  const fromEnv = process.env.B2B_DEMO_GIAS;
  if (fromEnv) return fromEnv;
  // In the bundled core (CommonJS) import.meta is empty and __dirname is the bundle's folder.
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  return here.includes(`${path.sep}dist${path.sep}`) ? path.join(here, 'demo', 'gias-brackenfield.csv') : path.join(here, '..', '..', '..', 'sim', 'data', 'gias-brackenfield.csv');
}

export class DemoFleet {
  #fleet: Fleet | null = null;
  readonly #ctx: () => CoreContext;

  constructor(ctx: () => CoreContext) {
    this.#ctx = ctx;
  }

  get running(): boolean {
    return this.#fleet !== null;
  }

  /** The simulator's control surface (faults, clock), for tests and screenshots; null when stopped. */
  get control(): Fleet['control'] | null {
    return this.#fleet?.control ?? null;
  }

  /** Starts the simulator and registers its schools as demo sites. */
  async start(): Promise<number> {
    const ctx = this.#ctx();
    if ((await ctx.sites.count(false)) > 0) throw new AppFailure('conflict', 'The demo runs only while no real sites are registered, so the two never mix');
    const fleet = await this.#startFleet();
    if ((await ctx.sites.count(true)) === 0) {
      await ctx.credentials.save(DEMO_CREDENTIAL, { privateKey: fleet.clientKey.privateKey });
      const cal = calendarSettings();
      await ctx.settings.set('terms', cal.terms);
      await ctx.settings.set('closures', cal.closures);
      await importSites({ store: ctx.store, now: () => ctx.clock.now() }, fleet.sites.map((s) => ({ ...s, tags: ['demo'] })), { demo: true, approvedBy: 'demo' });
      await this.#demoTemplate(fleet);
    } else {
      // A restarted console: the same seed gives the same schools and keys on new ports.
      await ctx.store.withTransaction(async ({ sites }) => {
        for (const s of fleet.sites) await sites.repointDemo(s.urn, s.host, s.port);
      });
    }
    ctx.poller.reloadSettings();
    ctx.events.emit('sites.changed', { reason: 'imported', ids: (await ctx.sites.list()).map((s) => s.id) });
    return fleet.sites.length;
  }

  /**
   * A template the demo schools follow, saying what they send to today, so drift, the diff
   * and a rollout (the SaaS move) can be tried at once. Saved only when there is none.
   */
  async #demoTemplate(fleet: Fleet): Promise<void> {
    const ctx = this.#ctx();
    if (fleet.sites.length === 0 || (await ctx.config.templates()).length > 0) return;
    // Each area's schools send to their own LA endpoint: the template names the first area's,
    // an override each other area's, read from one of its schools.
    const endpoints = new Map<string | null, string>();
    for (const s of fleet.sites) {
      if (endpoints.has(s.area)) continue;
      const answer = ConfigGetAnswer.safeParse(JSON.parse(fleet.control.exec(s.urn, `${AGENT_COMMAND} config get`).stdout || 'null'));
      if (answer.success) endpoints.set(s.area, answer.data.data.config.endpointUrl);
    }
    const [first, ...others] = [...endpoints];
    if (!first) return;
    await ctx.config.saveTemplate({ name: DEMO_TEMPLATE, fields: { endpointUrl: first[1] }, note: 'The endpoint the Brackenfield schools send to today (demo)', baseVersion: 0 }, 'demo');
    for (const [area, endpointUrl] of others) {
      if (area) await ctx.config.saveOverride({ scope: 'area', key: area, fields: { endpointUrl }, note: `The endpoint the ${area} schools send to today (demo)` }, 'demo');
    }
    await ctx.config.assign('all', DEMO_TEMPLATE, 'demo');
  }

  /** Resumes a demo left from an earlier run. */
  async resume(): Promise<void> {
    if ((await this.#ctx().sites.count(true)) > 0 && !this.#fleet) await this.start();
  }

  async stop(): Promise<number> {
    const ctx = this.#ctx();
    const demo = [...(await ctx.sites.list()), ...(await ctx.sites.listArchived())].filter((s) => s.demo);
    await ctx.store.withTransaction(async ({ sites }) => {
      for (const s of demo) await sites.deleteDemo(s.id);
    });
    ctx.events.emit('sites.changed', { reason: 'removed', ids: demo.map((s) => s.id) });
    await this.close();
    return demo.length;
  }

  async close(): Promise<void> {
    const fleet = this.#fleet;
    this.#fleet = null;
    await fleet?.close();
  }

  async #startFleet(): Promise<Fleet> {
    if (this.#fleet) return this.#fleet;
    const { schools } = await loadGiasSchools(giasFile());
    // Real time at normal speed, so the demo's clock and the console's agree.
    this.#fleet = await startFleet({ schools, seed: DEMO_SEED, faultRate: 0.2, speed: 1, controlPort: false });
    return this.#fleet;
  }
}
