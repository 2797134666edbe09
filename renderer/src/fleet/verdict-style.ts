// How a verdict looks: a colour from the Okabe–Ito set AND a shape AND a glyph, so no one
// has to tell colours apart. One markup function serves React and Leaflet's divIcons alike.
import { VERDICT_LABELS, type Verdict } from '../../../shared/health/verdict.ts';

type Shape = 'circle' | 'triangle' | 'square' | 'diamond';

interface VerdictStyle {
  shape: Shape;
  glyph: string;
  /** The CSS variable with the fill colour (see styles.css, "Status colours"). */
  colour: string;
}

export const VERDICT_STYLE: Record<Verdict, VerdictStyle> = {
  healthy: { shape: 'circle', glyph: '✓', colour: '--ok' },
  lagging: { shape: 'triangle', glyph: '!', colour: '--warn' },
  failing: { shape: 'square', glyph: '✕', colour: '--bad' },
  unreachable: { shape: 'square', glyph: 'U', colour: '--down' },
  'auth-failed': { shape: 'square', glyph: 'A', colour: '--bad' },
  'hostkey-changed': { shape: 'square', glyph: 'K', colour: '--bad' },
  'protocol-error': { shape: 'square', glyph: 'P', colour: '--down' },
  unknown: { shape: 'diamond', glyph: '?', colour: '--unknown' },
  maintenance: { shape: 'circle', glyph: 'M', colour: '--info' },
};

const SHAPES: Record<Shape, string> = {
  circle: '<circle cx="10" cy="10" r="9"/>',
  triangle: '<path d="M10 1 L19.5 18.5 H0.5 Z"/>',
  square: '<rect x="1.5" y="1.5" width="17" height="17" rx="2.5"/>',
  diamond: '<path d="M10 0.5 L19.5 10 L10 19.5 L0.5 10 Z"/>',
};

/** An inline SVG, decorative (the label is given alongside); sized by CSS. */
export function verdictIconMarkup(verdict: Verdict): string {
  const s = VERDICT_STYLE[verdict];
  const y = s.shape === 'triangle' ? 15.5 : 14.2;
  return (
    `<svg class="vicon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">` +
    `<g class="vshape" style="fill:var(${s.colour})">${SHAPES[s.shape]}</g>` +
    `<text x="10" y="${y}" text-anchor="middle" class="vglyph">${s.glyph}</text></svg>`
  );
}

export function verdictLabel(verdict: Verdict): string {
  return VERDICT_LABELS[verdict];
}
