// The SaaS move, end to end over the demo fleet (the simulator over real SSH): an engineer
// changes the endpoint in the template, previews the diff and starts a rollout; the new URL
// has a typo, so the canary fails its check, the rollout halts and rolls the canary back;
// the template is fixed and the rollout resumed, and it completes; the audit view shows
// every step, and the simulator's ground truth agrees with what the console says.
import { isUp } from '../../shared/health/verdict.ts';
import { endpointsFor } from '../../sim/profile.ts';
import { DEMO_TEMPLATE } from '../../electron/core/demo/demo-fleet.ts';
import { ask } from './core-ask.ts';
import { simControl } from './demo-sim.ts';
import { expect, test } from './fixtures.ts';
import { AuditPage } from './pages/audit-page.ts';
import { ConfigPage, RolloutPage, RolloutPlanPage } from './pages/config-page.ts';

test('the SaaS move: a typo fails the canary and is rolled back; the fixed template is resumed and completes', async ({ page, server, demo }) => {
  test.setTimeout(240_000);
  // Six working schools of one area follow the demo template (each area has its own SaaS URL).
  // Working is healthy or lagging: the demo runs on real time, and on some days a few of its
  // schools' last transfers timed out (lagging); the gate's default rule (no worse) passes both.
  const verdictOf = new Map(demo.snapshot.statuses.filter((s) => isUp(s.verdict) && s.hostKey.state === 'pinned').map((s) => [s.siteId, s.verdict]));
  const byArea = new Map<string | null, typeof demo.snapshot.sites>();
  for (const s of demo.snapshot.sites.filter((x) => verdictOf.has(x.id))) byArea.set(s.area, [...(byArea.get(s.area) ?? []), s]);
  const healthyFirst = (a: { id: number }, b: { id: number }) => Number(verdictOf.get(a.id) !== 'healthy') - Number(verdictOf.get(b.id) !== 'healthy');
  const schools = ([...byArea.values()].sort((a, b) => b.length - a.length)[0] ?? []).sort(healthyFirst).slice(0, 6);
  const first = schools[0];
  if (!first || schools.length < 6) throw new Error(`The demo fleet has no area with six working schools: ${JSON.stringify(Object.fromEntries([...byArea].map(([k, v]) => [k, v.length])))}`);
  // The demo's template (with an override per area) says what each school sends to today.
  const states = await ask(server, 'config.states', {});
  for (const s of schools) expect(states.find((x) => x.siteId === s.id)?.state).toBe('in-sync');
  // These six move on their own: one template, no area override in the way.
  await ask(server, 'config.deleteOverride', { scope: 'area', key: first.area ?? '', note: 'The SaaS move sets the endpoint in the template' }).catch(() => undefined);
  await ask(server, 'config.assign', { siteIds: 'all', template: null });
  await ask(server, 'config.assign', { siteIds: schools.map((s) => s.id), template: DEMO_TEMPLATE });
  const saas = endpointsFor(first.area).live[1] ?? '';
  const typo = saas.replace('example', 'exmaple');
  const truth = (urn: number) => simControl(server).truthOf(urn);
  const before = new Map(schools.map((s) => [s.urn, truth(s.urn).configHash]));

  // The engineer changes the endpoint in the template and saves it with a note.
  const config = new ConfigPage(page);
  await config.open();
  await config.choose(DEMO_TEMPLATE);
  await config.field('endpointUrl').fill(typo);
  await config.saveWithNote('Move to the vendor SaaS (cabinet decision)');
  await config.expectVersion(2);

  // Previews the diff: six schools, the endpoint only; one canary, then the rest.
  await config.rollOut.click();
  const plan = new RolloutPlanPage(page);
  await expect(plan.root).toBeVisible();
  await plan.set({ canary: '1', waves: '', waitMin: '0', gateWindowMin: '2' });
  await plan.preview.click();
  await expect(plan.groups).toHaveCount(1);
  await expect(plan.groups.first()).toContainText('6');
  await expect(plan.groups.first()).toContainText('endpoint');
  await plan.groups.first().locator('summary').click();
  await expect(plan.groups.first().locator('[data-testid^="site-diff-"]').first()).toContainText(typo);
  expect(await plan.startAll()).toBe(6);

  // The canary cannot reach the mistyped endpoint: the rollout halts and rolls it back.
  const rollout = new RolloutPage(page);
  const id = await rollout.id();
  await expect(rollout.state).toHaveAttribute('data-state', 'halted', { timeout: 60_000 });
  await expect(page.getByTestId('rollout-reason')).toContainText('Wave canary failed');
  const canary = rollout.sites.locator('tbody tr[data-wave="0"]');
  await expect(canary).toHaveAttribute('data-state', 'rolled-back', { timeout: 60_000 });
  await expect(canary).toContainText('exmaple');
  await expect(rollout.sites.locator('tbody tr[data-wave="1"][data-state="pending"]')).toHaveCount(5);
  // Ground truth: every school is on the config it had before.
  for (const s of schools) expect(truth(s.urn).configHash).toBe(before.get(s.urn));

  // The template is fixed; the rollout is resumed with the fixed version and completes.
  await config.open();
  await config.choose(DEMO_TEMPLATE);
  await config.field('endpointUrl').fill(saas);
  await config.saveWithNote('Fix the typo in the SaaS host name');
  await config.expectVersion(3);
  await page.goto(`${page.url().split('#')[0] ?? ''}#/rollout/${id}`);
  await rollout.resume.click();
  await expect(rollout.state).toHaveAttribute('data-state', 'completed', { timeout: 120_000 });
  await expect(rollout.sites.locator('tbody tr[data-state="verified"]')).toHaveCount(6);
  const detail = await ask(server, 'rollouts.get', { id });
  expect(detail.rollout.templateVersion).toBe(3);
  for (const s of detail.sites) {
    const urn = schools.find((x) => x.id === s.siteId)?.urn ?? 0;
    expect(truth(urn)).toMatchObject({ configHash: s.toHash, endpointLive: true });
  }

  // The audit view shows every step, under the engineer's name.
  const audit = new AuditPage(page);
  await audit.open();
  await audit.filter({ actor: 'Sam Patel' });
});
