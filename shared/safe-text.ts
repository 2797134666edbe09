// Text a person typed that other people will read: refuse characters that hide or reorder it.
// U+202E turns "Safe school.exe" style names around on screen; control characters break logs and CSV.

import type { z } from 'zod';

const LINE_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

/** C0 controls, DEL and C1 controls; `multiline` lets tab and line breaks through. */
function hasControl(text: string, multiline: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(multiline && LINE_CONTROLS.has(c))) return true;
  }
  return false;
}
// Bidirectional embeddings, overrides and isolates, and the invisible direction marks.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

/** Why `text` is unsafe to show, or null. `multiline` allows tab and line breaks. */
export function unsafeTextProblem(text: string, opts: { multiline?: boolean } = {}): string | null {
  if (hasControl(text, opts.multiline ?? false)) return 'Control characters are not allowed';
  if (BIDI.test(text)) return 'Text direction characters (e.g. U+202E) are not allowed';
  return null;
}

const refiner = (multiline: boolean) => (text: string, ctx: z.RefinementCtx): void => {
  const problem = unsafeTextProblem(text, { multiline });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
/** For `.superRefine` on one-line text: names, tags, people. */
export const refuseUnsafeText = refiner(false);
/** For `.superRefine` on notes, which may span lines. */
export const refuseUnsafeLines = refiner(true);
