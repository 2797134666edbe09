// A rollout as a person follows it, pure: progress per wave, which controls apply in which
// state, how long until the next step, and what it is waiting for or why it stopped.
import { formatDuration } from '../../../shared/uptime.ts';
import { ROLLOUT_SITE_STATES, SETTLED_SITE_STATES, type Rollout, type RolloutSite, type RolloutSiteState, type RolloutState } from '../../../shared/rollouts.ts';

export interface WaveProgress {
  wave: number;
  label: string;
  total: number;
  /** Sites whose state will not move by itself. */
  settled: number;
  counts: Partial<Record<RolloutSiteState, number>>;
  /** Whether this is the wave being applied or checked now. */
  current: boolean;
}

export function waveLabel(wave: number, waves: number): string {
  if (wave === 0) return 'Canary';
  return waves > 1 && wave === waves - 1 ? `Wave ${wave} (the rest)` : `Wave ${wave}`;
}

export function waveProgress(rollout: Rollout, sites: readonly RolloutSite[]): WaveProgress[] {
  const byWave = new Map<number, WaveProgress>();
  for (let w = 0; w < rollout.waves; w++) byWave.set(w, { wave: w, label: waveLabel(w, rollout.waves), total: 0, settled: 0, counts: {}, current: false });
  for (const s of sites) {
    let p = byWave.get(s.wave);
    if (!p) byWave.set(s.wave, (p = { wave: s.wave, label: waveLabel(s.wave, rollout.waves), total: 0, settled: 0, counts: {}, current: false }));
    p.total++;
    if (SETTLED_SITE_STATES.has(s.state)) p.settled++;
    p.counts[s.state] = (p.counts[s.state] ?? 0) + 1;
  }
  const out = [...byWave.values()].sort((a, b) => a.wave - b.wave);
  const active = rollout.state !== 'completed' && rollout.state !== 'aborted' && rollout.state !== 'draft';
  for (const p of out) p.current = active && p.wave === rollout.wave;
  return out;
}

/** "3 verified · 1 applied, checking" in the labels' order. */
export function countsText(counts: Partial<Record<RolloutSiteState, number>>, labels: Record<RolloutSiteState, string>): string {
  return ROLLOUT_SITE_STATES.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s] ?? 0} ${labels[s].toLowerCase()}`)
    .join(' · ');
}

export interface Controls {
  pause: boolean;
  resume: boolean;
  abort: boolean;
  approve: boolean;
}

export function controlsFor(state: RolloutState): Controls {
  return {
    pause: state === 'running' || state === 'waiting' || state === 'awaiting-approval',
    resume: state === 'paused' || state === 'halted',
    abort: state === 'running' || state === 'waiting' || state === 'awaiting-approval' || state === 'paused' || state === 'halted',
    approve: state === 'awaiting-approval',
  };
}

/** "in 4 min 10 s", "any moment now"; '' without a time. */
export function countdown(nextAt: number | null, now: number): string {
  if (nextAt === null) return '';
  const s = Math.round((nextAt - now) / 1000);
  if (s <= 0) return 'any moment now';
  return `in ${formatDuration(s)}`;
}

/** What the rollout does next, in one sentence for the person watching it. */
export function nextStepText(r: Rollout, now: number): string {
  const when = countdown(r.nextAt, now);
  switch (r.state) {
    case 'draft':
      return 'Not started: preview it, then type the count to start.';
    case 'running':
      return `Applying ${waveLabel(r.wave, r.waves).toLowerCase()}${when ? `; its check ends ${when}` : ''}.`;
    case 'waiting':
      return `${waveLabel(r.wave, r.waves)} starts ${when || 'soon'}.`;
    case 'awaiting-approval':
      return `${waveLabel(r.wave, r.waves)} waits for someone to approve it.`;
    case 'paused':
      return 'Paused: nothing more is sent until someone resumes it.';
    case 'halted':
      return 'Halted: nothing more is sent. Fix the cause, then resume (sites not yet done take the template’s newest version) or abort.';
    case 'completed':
      return 'Completed.';
    case 'aborted':
      return 'Aborted.';
  }
}

/** Share of sites settled, 0–100. */
export function percentDone(r: Rollout): number {
  if (r.total === 0) return 100;
  let settled = 0;
  for (const [s, n] of Object.entries(r.counts)) if (SETTLED_SITE_STATES.has(s as RolloutSiteState)) settled += n;
  return Math.round((100 * settled) / r.total);
}
