// How each verdict looks: a colour from the Okabe–Ito set (via the theme's CSS variables)
// plus a glyph that differs in shape, so status never rests on colour alone.
// Glyphs are chosen from DejaVu Sans, which Chromium on Linux has without extra fonts.
import { VERDICT_LABELS, type Verdict } from '../../../shared/health/verdict.ts';

export const VERDICT_GLYPHS: Record<Verdict, string> = {
  healthy: '✓',
  lagging: '◔',
  failing: '✕',
  unreachable: '⊘',
  'auth-failed': '⚷',
  'hostkey-changed': '⚠',
  'protocol-error': '⁇',
  unknown: '?',
  maintenance: '‖',
};

/** The theme variable holding each verdict's colour (see styles.css). */
export const VERDICT_COLOUR_VARS: Record<Verdict, string> = {
  healthy: '--ok',
  lagging: '--warn',
  failing: '--bad',
  unreachable: '--down',
  'auth-failed': '--down',
  'hostkey-changed': '--bad',
  'protocol-error': '--down',
  unknown: '--unknown',
  maintenance: '--info',
};

/** `var(--ok)` etc., for inline styles and SVG fills. */
export const verdictColour = (v: Verdict): string => `var(${VERDICT_COLOUR_VARS[v]})`;

export const verdictLabel = (v: Verdict): string => VERDICT_LABELS[v];
