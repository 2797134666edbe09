// Flap damping: the verdict a person sees changes only after the same new raw
// verdict has been seen `required` polls in a row.
import type { Verdict } from './verdict.ts';

export interface DampState {
  effective: Verdict;
  /** A different verdict seen lately, and how many polls in a row. */
  candidate: Verdict | null;
  count: number;
}

export function damp(prev: DampState | null, raw: Verdict, required: number): DampState {
  // The first observation, leaving 'unknown', and maintenance take effect at once: there is nothing to flap from.
  if (prev === null || prev.effective === 'unknown' || raw === 'maintenance' || prev.effective === 'maintenance') {
    return { effective: raw, candidate: null, count: 0 };
  }
  if (raw === prev.effective) return { effective: raw, candidate: null, count: 0 };
  const count = prev.candidate === raw ? prev.count + 1 : 1;
  return count >= required ? { effective: raw, candidate: null, count: 0 } : { effective: prev.effective, candidate: raw, count };
}
