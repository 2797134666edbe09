// The rollout plan form as a person types it (waves as "5, 10%, 25%", waits in minutes) and
// the contract's plan input it becomes, or messages keyed as the core keys its fields.
import { RolloutPlanInputSchema, type RolloutPlanInput, type WaveSize } from '../../../shared/rollouts.ts';
import { fieldErrors } from '../../../shared/result.ts';
import { atFields } from '../config/config-form.ts';

export interface PlanForm {
  /** All sites that follow the template, or the fleet's selection. */
  scope: 'all' | 'selection';
  canary: string;
  waves: string;
  waitMin: string;
  gateWindowMin: string;
  gateRule: 'healthy' | 'no-worse';
  maxFailurePct: string;
  approvalBetweenWaves: boolean;
  rollbackAll: boolean;
  includeChangedLocally: boolean;
}

export const DEFAULT_PLAN: PlanForm = {
  scope: 'all',
  canary: '5',
  waves: '25%',
  waitMin: '1',
  gateWindowMin: '15',
  gateRule: 'no-worse',
  maxFailurePct: '10',
  approvalBetweenWaves: false,
  rollbackAll: false,
  includeChangedLocally: false,
};

/** "5, 10%, 25%" → [{count: 5}, {percent: 10}, {percent: 25}]; null when a part is neither. */
export function parseWaves(text: string): WaveSize[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const out: WaveSize[] = [];
  for (const p of parts) {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(p);
    if (pct?.[1]) out.push({ percent: Number(pct[1]) });
    else if (/^\d+$/.test(p)) out.push({ count: Number(p) });
    else return null;
  }
  return out;
}

export function formatWaves(waves: readonly WaveSize[]): string {
  return waves.map((w) => ('count' in w ? String(w.count) : `${w.percent}%`)).join(', ');
}

const whole = (t: string): number | null => (/^\s*\d+\s*$/.test(t) ? Number(t.trim()) : null);
const decimal = (t: string): number | null => (/^\s*\d+(\.\d+)?\s*$/.test(t) ? Number(t.trim()) : null);

export type PlanResult = { ok: true; input: RolloutPlanInput } | { ok: false; errors: Record<string, string> };

export function planInput(form: PlanForm, template: string, selection: readonly number[]): PlanResult {
  const errors: Record<string, string> = {};
  const canary = whole(form.canary);
  if (canary === null) errors['canary.count'] = 'A whole number of sites (0 for no canary)';
  const waves = parseWaves(form.waves);
  if (waves === null) errors.waves = 'Sizes such as 10, 25% — a number of sites or a share';
  const wait = whole(form.waitMin);
  if (wait === null) errors.waitBetweenS = 'A whole number of minutes';
  else if (wait > 1440) errors.waitBetweenS = 'At most 1440 minutes (a day)';
  const gate = whole(form.gateWindowMin);
  if (gate === null) errors['gate.windowMin'] = 'A whole number of minutes';
  const maxFail = decimal(form.maxFailurePct);
  if (maxFail === null) errors.maxFailurePct = 'A share from 0 to 100';
  if (form.scope === 'selection' && selection.length === 0) errors.siteIds = 'Select sites in the table first, or roll out to all';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = RolloutPlanInputSchema.safeParse({
    template,
    siteIds: form.scope === 'all' ? 'all' : [...selection],
    canary: { count: canary },
    waves,
    waitBetweenS: (wait ?? 0) * 60,
    gate: { windowMin: gate, rule: form.gateRule },
    maxFailurePct: maxFail,
    approvalBetweenWaves: form.approvalBetweenWaves,
    rollbackAll: form.rollbackAll,
    includeChangedLocally: form.includeChangedLocally,
  });
  if (!parsed.success) return { ok: false, errors: planErrors(fieldErrors(parsed.error)) };
  return { ok: true, input: parsed.data };
}

/** The core's field keys ("waves.1.percent", "waitBetweenS") at the form's fields. */
export function planErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(atFields(fields))) {
    const key = k.startsWith('waves') ? 'waves' : k.startsWith('siteIds') ? 'siteIds' : k.startsWith('canary') ? 'canary.count' : k;
    out[key] ??= v;
  }
  return out;
}
