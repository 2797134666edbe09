// The action dialog's choices as the person sees them (text in number fields, a dataset
// menu) and what they mean for the core: the action's parameters and the run's pacing.
import type { ActionParams, ActionParamsInput, RunPacing } from '../../../shared/actions.ts';
import type { Dataset } from '../../../shared/protocol/v1.ts';

/** What the dialog offers; logs have their own panel in site detail. */
export type DialogKind = 'restart' | 'resync' | 'diag';
export const DIALOG_KINDS: { kind: DialogKind; label: string }[] = [
  { kind: 'restart', label: 'Restart' },
  { kind: 'resync', label: 'Resync' },
  { kind: 'diag', label: 'Diagnostics' },
];

export interface ActionForm {
  kind: DialogKind;
  dataset: Dataset | 'all';
  whenBack: boolean;
  concurrency: string;
  waveSize: string;
  wavePauseS: string;
  typedCount: string;
}

export function initialForm(preset: ActionParamsInput | undefined, concurrency: number): ActionForm {
  const kind: DialogKind = preset?.kind === 'resync' || preset?.kind === 'diag' ? preset.kind : 'restart';
  const dataset = preset?.kind === 'resync' ? preset.dataset : 'all';
  return { kind, dataset, whenBack: false, concurrency: String(concurrency), waveSize: '', wavePauseS: '0', typedCount: '' };
}

export function paramsOf(f: Pick<ActionForm, 'kind' | 'dataset'>): ActionParams {
  return f.kind === 'resync' ? { kind: 'resync', dataset: f.dataset } : { kind: f.kind };
}

/** Whole numbers only; blank means "not set". Range checks are the core's, shown at the field. */
function wholeNumber(text: string): number | null | 'bad' {
  const t = text.trim();
  if (t === '') return null;
  return /^\d+$/.test(t) ? Number(t) : 'bad';
}

/** The pacing to send, or the fields that are not whole numbers (keyed as the core keys them). */
export function pacingOf(f: ActionForm): { pacing: Partial<RunPacing>; errors: Record<string, string> } {
  const pacing: Partial<RunPacing> = {};
  const errors: Record<string, string> = {};
  const concurrency = wholeNumber(f.concurrency);
  if (concurrency === 'bad') errors['pacing.concurrency'] = 'A whole number of sites, e.g. 16';
  else if (concurrency !== null) pacing.concurrency = concurrency;
  const waveSize = wholeNumber(f.waveSize);
  if (waveSize === 'bad') errors['pacing.waveSize'] = 'A whole number of sites, or leave it blank for one wave';
  else pacing.waveSize = waveSize;
  const pause = wholeNumber(f.wavePauseS);
  if (pause === 'bad') errors['pacing.wavePauseS'] = 'A whole number of seconds';
  else if (pause !== null) pacing.wavePauseS = pause;
  return { pacing, errors };
}

/** "Restart", "Resync attendance": for titles and buttons. */
export function actionTitle(f: Pick<ActionForm, 'kind' | 'dataset'>): string {
  if (f.kind === 'resync') return f.dataset === 'all' ? 'Resync all data' : `Resync ${f.dataset}`;
  return f.kind === 'restart' ? 'Restart the agent service' : 'Run diagnostics';
}
