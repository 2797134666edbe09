import { beforeEach, describe, expect, it } from 'vitest';
import { IncidentHandling } from '../../../electron/core/incidents/incident-handling.ts';
import { IncidentQueries } from '../../../electron/core/store/sqlite/incident-queries.ts';
import { IncidentRepo } from '../../../electron/core/store/sqlite/incident-repo.ts';
import type { IncidentTracker } from '../../../electron/core/incidents/incident-tracker.ts';
import { AppFailure } from '../../../shared/result.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { endpointDown, MIN, obs, openFleet, serviceStopped, type Fleet } from './fleet-fixture.ts';

const tempDir = useTempDir();

async function failure(fn: () => Promise<unknown>): Promise<AppFailure> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppFailure) return err;
    throw err;
  }
  throw new Error('expected an AppFailure');
}

describe('IncidentHandling', () => {
  let fleet: Fleet;
  let tracker: IncidentTracker;
  let handling: IncidentHandling;
  let incidentId: number;
  beforeEach(async () => {
    fleet = openFleet(tempDir(), 10);
    tracker = fleet.tracker();
    handling = new IncidentHandling(fleet.store, fleet.clock);
    const opened = await tracker.observe(obs(fleet, fleet.sites[0], 'failing', serviceStopped));
    incidentId = opened.change === 'opened' ? opened.incident.id : 0;
    fleet.clock.advance(MIN);
    return () => fleet.close();
  });

  it('acknowledges once, saying who already has it', async () => {
    expect(await handling.acknowledge(incidentId, { by: '  Priya  ' })).toMatchObject({ acknowledgedBy: 'Priya', acknowledgedAt: new Date(fleet.clock.now()).toISOString() });
    expect(new IncidentQueries(fleet.db).counts()).toEqual({ open: 0, acknowledged: 1, resolved: 0, fleetOpen: 0 });
    expect((await failure(() => handling.acknowledge(incidentId, { by: 'Sam' }))).appError).toMatchObject({ code: 'conflict', message: expect.stringContaining('already acknowledged by Priya') as unknown });
  });

  it('rejects an empty name, an unknown incident, and acknowledging what is over', async () => {
    expect((await failure(() => handling.acknowledge(incidentId, { by: ' ' }))).appError).toMatchObject({ code: 'validation', fields: { by: 'Who acknowledges is required' } });
    expect((await failure(() => handling.acknowledge(424242, { by: 'Sam' }))).appError).toMatchObject({ code: 'not_found', message: 'No incident with id 424242' });
    await tracker.observe(obs(fleet, fleet.sites[0], 'healthy'));
    expect((await failure(() => handling.acknowledge(incidentId, { by: 'Sam' }))).appError).toMatchObject({ code: 'conflict', message: `Incident ${incidentId} is already resolved` });
    expect((await failure(() => handling.assign(incidentId, { assignee: 'Sam' }))).appError.code).toBe('conflict');
  });

  it('assigns, reassigns and unassigns', async () => {
    expect((await handling.assign(incidentId, { assignee: 'Sam' })).assignee).toBe('Sam');
    expect((await handling.assign(incidentId, { assignee: 'Priya' })).assignee).toBe('Priya');
    expect((await handling.assign(incidentId, { assignee: null })).assignee).toBeNull();
    expect((await failure(() => handling.assign(incidentId, { assignee: 'x'.repeat(101) }))).appError.fields).toEqual({ assignee: 'Assignee is at most 100 characters' });
  });

  it('keeps notes, up to 4,000 characters, also after resolution', async () => {
    const note = await handling.addNote(incidentId, { author: 'Priya', text: '  Rang the school office; server room locked until Monday.  ' });
    expect(note).toMatchObject({ incidentId, author: 'Priya', text: 'Rang the school office; server room locked until Monday.', at: new Date(fleet.clock.now()).toISOString() });
    expect((await handling.addNote(incidentId, { author: 'Sam', text: 'x'.repeat(4000) })).text).toHaveLength(4000);
    expect((await failure(() => handling.addNote(incidentId, { author: 'Sam', text: 'x'.repeat(4001) }))).appError).toMatchObject({
      code: 'validation',
      message: 'Invalid note: A note is at most 4000 characters',
      fields: { text: 'A note is at most 4000 characters' },
    });
    expect((await failure(() => handling.addNote(incidentId, { author: 'Sam', text: '   ' }))).appError.fields).toEqual({ text: 'A note needs some text' });
    expect((await failure(() => handling.addNote(incidentId, { text: 'hi' }))).appError.fields).toHaveProperty('author');
    await tracker.observe(obs(fleet, fleet.sites[0], 'healthy'));
    await handling.addNote(incidentId, { author: 'Priya', text: 'Caretaker restarted the server.' });
    expect((await handling.notes(incidentId)).map((n) => n.author)).toEqual(['Priya', 'Sam', 'Priya']);
    expect(new IncidentRepo(fleet.db).get(incidentId).noteCount).toBe(3);
    await expect(handling.notes(424242)).rejects.toThrow('No incident with id 424242');
  });

  it('takes the sites under a fleet incident along when it is acknowledged or handed over', async () => {
    const f = openFleet(tempDir(), 20);
    const t = f.tracker();
    const h = new IncidentHandling(f.store, f.clock);
    for (const s of f.sites.slice(0, 5)) await t.observe(obs(f, s, 'failing', endpointDown));
    const queries = new IncidentQueries(f.db);
    const fleetId = queries.openFleet()[0]?.id ?? 0;
    const [first, second] = queries.children(fleetId);
    await h.acknowledge(first?.id ?? 0, { by: 'Sam' });
    await h.assign(second?.id ?? 0, { assignee: 'Carol' });

    expect(await h.acknowledge(fleetId, { by: 'Priya' })).toMatchObject({ kind: 'fleet', acknowledgedBy: 'Priya' });
    await h.assign(fleetId, { assignee: 'Priya' });
    await h.assign(fleetId, { assignee: 'Dev' });
    const children = queries.children(fleetId);
    expect(children.map((c) => c.acknowledgedBy)).toEqual(['Sam', 'Priya', 'Priya', 'Priya', 'Priya']);
    expect(children.map((c) => c.assignee)).toEqual(['Dev', 'Carol', 'Dev', 'Dev', 'Dev']);
    await f.close();
  });
});
