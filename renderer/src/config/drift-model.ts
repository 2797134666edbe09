// Drift across the fleet, pure: how each config state looks (a glyph and words, never colour
// alone), what the header counts, and what the fleet filter's config choice keeps.
import type { ConfigState } from '../../../shared/fleet-config.ts';

export interface ConfigStateStyle {
  glyph: string;
  /** The CSS class that sets --cc (fill) and --cg (glyph ink): see config.css. */
  className: string;
  /** Worse first, for a map cluster's colour and the table's sort. */
  rank: number;
}

export const CONFIG_STATE_STYLE: Record<ConfigState, ConfigStateStyle> = {
  'in-sync': { glyph: '=', className: 'cfg-in-sync', rank: 0 },
  unmanaged: { glyph: '–', className: 'cfg-unmanaged', rank: 1 },
  unknown: { glyph: '?', className: 'cfg-unknown', rank: 2 },
  drift: { glyph: '≠', className: 'cfg-drift', rank: 3 },
  invalid: { glyph: '!', className: 'cfg-invalid', rank: 4 },
  'changed-locally': { glyph: 'L', className: 'cfg-changed-locally', rank: 5 },
};

/** States a person should look at: they differ from what the console would have them be. */
export const NEEDS_LOOK: ReadonlySet<ConfigState> = new Set(['drift', 'changed-locally', 'invalid']);

export type ConfigFilter = '' | 'needs-look' | ConfigState;

export function configMatches(state: ConfigState | undefined, f: ConfigFilter): boolean {
  if (f === '') return true;
  if (state === undefined) return false;
  if (f === 'needs-look') return NEEDS_LOOK.has(state);
  return state === f;
}

export interface DriftCounts {
  drift: number;
  changedLocally: number;
  invalid: number;
}

export function driftCounts(states: Iterable<ConfigState>): DriftCounts {
  const c: DriftCounts = { drift: 0, changedLocally: 0, invalid: 0 };
  for (const s of states) {
    if (s === 'drift') c.drift++;
    else if (s === 'changed-locally') c.changedLocally++;
    else if (s === 'invalid') c.invalid++;
  }
  return c;
}

/** The header's words: "12 config drift", "3 changed locally"; '' when there is nothing to say. */
export function driftWords(c: DriftCounts): { drift: string; local: string; invalid: string } {
  return {
    drift: c.drift > 0 ? `${c.drift} config drift` : '',
    local: c.changedLocally > 0 ? `${c.changedLocally} changed locally` : '',
    invalid: c.invalid > 0 ? `${c.invalid} invalid config` : '',
  };
}

/** The worst of a cluster's states, by rank. */
export function worstState(states: Iterable<ConfigState>): ConfigState {
  let worst: ConfigState = 'in-sync';
  for (const s of states) if (CONFIG_STATE_STYLE[s].rank > CONFIG_STATE_STYLE[worst].rank) worst = s;
  return worst;
}
