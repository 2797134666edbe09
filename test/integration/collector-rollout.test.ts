// A config rollout over 20 schools and a key rotation over 4, run by two real collector
// processes on one PostgreSQL, counted at the schools themselves (the simulator's onCommand):
// each school takes the rollout's config once, and no apply ever reaches a school that already
// has it; each has its key added and removed once; each state move is audited once. One
// collector is killed with SIGKILL the moment its apply reaches a school after the canary: the
// survivor reads that school back, never sends it again, and finishes the rollout. Timings are
// shortened through the test-only B2B_TEST_TIMINGS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/clock.ts';
import { RolloutPlanInputSchema } from '../../shared/rollouts.ts';
import { createCore } from '../../electron/core/core.ts';
import { fingerprintOfLine } from '../../electron/core/keys/rotation-world.ts';
import { CredentialStore } from '../../electron/core/secrets/credential-store.ts';
import { KeyFileCipher } from '../../electron/core/secrets/secret-cipher.ts';
import { importSites } from '../../electron/core/sites/import-sites.ts';
import { openPgStore } from '../../electron/core/store/postgres/pg-store.ts';
import { startFleet, type Fleet } from '../../sim/fleet.ts';
import { pgUnavailableReason, startPg, type PgCluster } from '../helpers/pg-cluster.ts';
import { collectorHealth, startCollector, type CollectorProcess as Collector } from '../helpers/collector-process.ts';
import { until } from '../helpers/until.ts';
import { newEd25519KeyPair } from '../tools/sshd.ts';

const reason = pgUnavailableReason();
if (reason !== null) console.log(`collector-rollout.test.ts skipped: ${reason}`);

const SITES = 20;
const ROTATED = 4;
const ACTOR = 'Jo Engineer';
const TIMINGS = {
  leases: { ttlMs: 6_000, everyMs: 1_000, marginMs: 1_000 },
  rollouts: { verifyFirstMs: 300, verifyEveryMs: 500, retryMs: 1_000, tickMs: 200, execTimeoutMs: 5_000 },
  keyRotations: { overallMs: 6_000, retryMs: 1_000, scanMs: 500 },
};




async function leasesHeld(c: Collector): Promise<number> {
  return (await collectorHealth(c)).leasesHeld ?? 0;
}

/** What each school was asked, by kind. */
type Kind = 'apply' | 'rollback' | 'add-key' | 'remove-key';
/** An apply that arrives when the school's config is no longer the one it expects: a second send. */
type Counts = Record<Kind | 'late-apply', number>;
const KINDS: ReadonlyArray<[Kind, RegExp]> = [
  ['apply', /^b2b-agent config apply /],
  ['rollback', /^b2b-agent config rollback$/],
  ['add-key', /^b2b-agent auth add-key /],
  ['remove-key', /^b2b-agent auth remove-key /],
];

describe.skipIf(reason !== null)('a rollout and a key rotation run by two collectors', () => {
  let pg: PgCluster;
  let fleet: Fleet;
  let dir: string;
  const collectors: Collector[] = [];
  const asked = new Map<number, Counts>();
  /** Per school, each command counted: kind, connection, when (for the message when a count is wrong). */
  const timeline = new Map<number, string[]>();
  /** Site → collector name holding its lease, read just before the rollout starts. */
  let holders = new Map<number, string>();
  const urnToSite = new Map<number, number>();
  let killAt: { after: number; victim: Collector } | null = null;
  let killed: { urn: number; at: number } | null = null;
  let applies = 0;

  beforeAll(async () => {
    pg = await startPg();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-collector-rollout-'));
  }, 60_000);

  afterAll(async () => {
    for (const c of collectors) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await fleet?.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('each school takes the config and the key once; after a kill -9 mid-apply the survivor finishes without a second send', async () => {
    fleet = await startFleet({
      sites: SITES,
      seed: 'collector-rollout',
      faultRate: 0,
      transientFailureRate: 0,
      controlPort: false,
      onCommand: (urn, c) => {
        const kind = KINDS.find(([, re]) => re.test(c.line))?.[0];
        if (!kind) return;
        const counts = asked.get(urn) ?? { apply: 0, 'late-apply': 0, rollback: 0, 'add-key': 0, 'remove-key': 0 };
        counts[kind]++;
        if (kind === 'apply' && fleet.control.truthOf(urn).configHash !== /--expect (\S+)/.exec(c.line)?.[1]) counts['late-apply']++;
        asked.set(urn, counts);
        timeline.set(urn, [...(timeline.get(urn) ?? []), `${kind} from ${c.client} at ${new Date(c.at).toISOString()}`]);
        if (kind !== 'apply') return;
        applies++;
        // The victim dies as its apply reaches the school: the school takes it, the answer is lost.
        if (killAt && !killed && applies > killAt.after && holders.get(urnToSite.get(urn) ?? 0) === killAt.victim.name) {
          killAt.victim.child.kill('SIGKILL');
          killed = { urn, at: Date.now() };
        }
      },
    });
    const url = await pg.createDatabase('rollout');
    const keyDir = path.join(dir, 'team-key');
    const newKey = newEd25519KeyPair();
    const setup = await openPgStore(url, { clock: systemClock });
    await setup.settings.set('pollIntervalS', 30);
    await setup.settings.set('dampingPolls', 1);
    const credentials = new CredentialStore(setup.credentials, new KeyFileCipher(keyDir), systemClock);
    await credentials.save('default', { privateKey: fleet.clientKey.privateKey });
    await credentials.save('console-2027', { privateKey: newKey.private });
    await importSites({ store: setup, now: () => Date.now() }, fleet.sites, { approvedBy: 'test' });
    for (const s of await setup.sites.list()) urnToSite.set(s.urn, s.id);

    const alpha = await startCollector(url, 'alpha', dir, keyDir, { B2B_TEST_TIMINGS: JSON.stringify(TIMINGS) });
    collectors.push(alpha);
    const bravo = await startCollector(url, 'bravo', dir, keyDir, { B2B_TEST_TIMINGS: JSON.stringify(TIMINGS) });
    collectors.push(bravo);
    await until('the fleet shared out between the two', async () => {
      const [a, b] = [await leasesHeld(alpha), await leasesHeld(bravo)];
      return a > 0 && b > 0 && a + b === SITES;
    }, 60_000);

    // A console on the same database plans and starts both, then goes: only the collectors run them.
    const planner = await createCore({ dataDir: path.join(dir, 'planner'), mode: 'browser', version: 'test', store: { postgres: url }, collector: { id: 'planner', name: 'planner' }, startPolling: false, cipher: new KeyFileCipher(keyDir) });
    const ctx = planner.context;
    await ctx.config.saveTemplate({ name: 'Brackenfield', fields: { endpointUrl: 'https://one-saas.example.net/b2b/brackenfield' }, note: 'Move to the vendor SaaS', baseVersion: 0 }, ACTOR);
    await ctx.config.assign('all', 'Brackenfield', ACTOR);
    const input = RolloutPlanInputSchema.parse({ template: 'Brackenfield', siteIds: 'all', waitBetweenS: 0, canary: { count: 2 }, waves: [{ percent: 50 }], gate: { windowMin: 2 } });
    // Every school's live config must have been read by a poll before it can be planned.
    const preview = await until('every school read by a poll', async () => {
      const p = await ctx.rollouts.plan(input, ACTOR).catch(() => null);
      if (p && p.confirmCount !== SITES) await ctx.rollouts.discard(p.rollout.id);
      return p && p.confirmCount === SITES ? p : null;
    }, 60_000);
    holders = await leaseHolders(url, [...urnToSite.values()]);
    killAt = { after: 4, victim: alpha };
    await ctx.rollouts.begin(preview.rollout.id, SITES, ACTOR);
    const creds = await ctx.credentials.list();
    const rotatedIds = [...urnToSite.values()].slice(0, ROTATED);
    const rotation = await ctx.keyRotations.begin({ siteIds: rotatedIds, oldCredentialId: creds.find((c) => c.name === 'default')?.id ?? 0, newCredentialId: creds.find((c) => c.name === 'console-2027')?.id ?? 0 }, ACTOR);
    await planner.close();

    let seen = '';
    const done = await until('the rollout and the rotation to complete', async () => {
      const [r, k] = [await setup.rollouts.get(preview.rollout.id), await setup.keyRotations.rotation(rotation.id)];
      seen = `rollout ${r?.state ?? '?'} ${JSON.stringify(r?.counts)}, rotation ${k?.state ?? '?'} ${JSON.stringify(k?.counts)}, schools asked ${JSON.stringify([...asked.values()].filter((a) => a.apply > 1 || a['add-key'] > 1))}`;
      return r?.state === 'completed' && k?.state === 'completed' ? { r, k } : null;
    }, 90_000).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}: ${seen}`);
    });
    expect(killed, 'alpha was killed mid-rollout').not.toBeNull();
    expect(await alpha.exited).toBeNull();
    console.log(`alpha killed as it sent an apply to ${killed?.urn ?? '?'}; the rollout completed ${Math.round((Date.now() - (killed?.at ?? 0)) / 1000)} s later`);

    // At the schools: the config taken once, no apply after it, nothing rolled back. A school may
    // see a second apply only when the first never took (its sender died while sending the config:
    // read back, it still had the old one). `config get` is not counted: a poll that sees a new
    // hash reads the config too, so a read-back cannot be told apart there.
    const sites = await setup.rollouts.sites(preview.rollout.id);
    expect(sites.map((s) => s.state)).toEqual(Array(SITES).fill('verified'));
    const audit = await setup.audit.recent(5_000);
    const story = (urn: number) => {
      const mine = audit.filter((e) => e.siteId === urnToSite.get(urn) && e.action.startsWith('rollout.')).reverse();
      return `${(timeline.get(urn) ?? []).join('; ')} | ${mine.map((e) => `${new Date(e.at).toISOString()} ${e.action} ${e.outcome} ${JSON.stringify(e.detail)}`).join('; ')}`;
    };
    for (const s of sites) {
      const truth = fleet.control.truthOf(s.urn);
      expect(truth.configHash, `school ${s.urn}`).toBe(s.toHash);
      expect(truth.configApplies[s.toHash], `school ${s.urn} took the config`).toBe(1);
      expect(asked.get(s.urn), `school ${s.urn}: ${story(s.urn)}`).toMatchObject({ 'late-apply': 0, rollback: 0 });
      expect(asked.get(s.urn)?.apply, `school ${s.urn}: ${story(s.urn)}`).toBeLessThanOrEqual(s.urn === killed?.urn ? 1 : 2);
    }

    // The rotation: each school had the new key added and the old removed once, and lets in the new key only.
    expect(done.k.counts).toMatchObject({ done: ROTATED, failed: 0 });
    const newFp = fingerprintOfLine(newKey.public);
    for (const [urn, siteId] of urnToSite) {
      const rotated = rotatedIds.includes(siteId);
      expect(asked.get(urn), `school ${urn}`).toMatchObject({ 'add-key': rotated ? 1 : 0, 'remove-key': rotated ? 1 : 0 });
      expect(fleet.control.truthOf(urn).authorizedKeys, `school ${urn}`).toEqual([rotated ? newFp : fleet.clientKey.fingerprint]);
    }

    // Each state move once: per site one apply settled (or read back, when its sender died
    // with it in flight, then maybe applied once), one gate judged; each wave decided once.
    const repeated = (action: string, key: (e: (typeof audit)[number]) => string) => {
      const n = new Map<string, number>();
      for (const e of audit.filter((x) => x.action === action)) n.set(key(e), (n.get(key(e)) ?? 0) + 1);
      return [...n].filter(([, times]) => times > 1);
    };
    expect(repeated('rollout.site.apply', (e) => `${e.siteId ?? ''} ${'readBack' in e.detail ? 'read back' : 'applied'}`)).toEqual([]);
    // The school whose apply was in flight when its sender died was read back by the survivor, not sent again.
    const inDoubt = audit.filter((e) => e.action === 'rollout.site.apply' && e.siteId === urnToSite.get(killed?.urn ?? 0));
    expect(inDoubt.map((e) => [e.outcome, 'readBack' in e.detail])).toEqual([['applied', true]]);
    for (const action of ['rollout.site.verify', 'rollout.wave', 'rollout.finish', 'key-rotation.add-key', 'key-rotation.switch', 'key-rotation.remove-key', 'key-rotation.finish']) {
      expect(repeated(action, (e) => `${e.siteId ?? ''} ${e.outcome} ${JSON.stringify(e.detail.wave ?? null)}`), `${action} audited more than once`).toEqual([]);
    }
    expect(audit.filter((e) => e.action === 'rollout.wave' && e.outcome === 'passed')).toHaveLength(3);

    expect(await leasesHeld(bravo)).toBe(SITES);
    await setup.close();
    bravo.child.kill('SIGTERM');
    expect(await bravo.exited).toBe(0);
  }, 300_000);
});

/** Site id → the name of the collector holding its lease now. */
async function leaseHolders(url: string, siteIds: readonly number[]): Promise<Map<number, string>> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ site_id: string; name: string }>('SELECT l.site_id, c.name FROM site_leases l JOIN collectors c ON c.id = l.collector_id WHERE l.site_id = ANY($1::bigint[])', [[...siteIds]]);
    return new Map(rows.map((r) => [Number(r.site_id), r.name]));
  } finally {
    await client.end();
  }
}
