// How a config state looks: a colour AND a shape AND a glyph (as verdicts do), one markup
// function for React, the grid's tiles and Leaflet's divIcons. Constants only, never data.
import type { ConfigState } from '../../../shared/fleet-config.ts';
import { CONFIG_STATE_STYLE } from './drift-model.ts';

const SHAPE: Record<ConfigState, string> = {
  'in-sync': '<circle cx="10" cy="10" r="9"/>',
  unmanaged: '<circle cx="10" cy="10" r="9"/>',
  unknown: '<path d="M10 0.5 L19.5 10 L10 19.5 L0.5 10 Z"/>',
  drift: '<path d="M10 1 L19.5 18.5 H0.5 Z"/>',
  invalid: '<rect x="1.5" y="1.5" width="17" height="17" rx="2.5"/>',
  'changed-locally': '<path d="M10 0.5 L19.5 10 L10 19.5 L0.5 10 Z"/>',
};

/** An inline SVG, decorative (the words go alongside); sized by CSS. */
export function configIconMarkup(state: ConfigState): string {
  const s = CONFIG_STATE_STYLE[state];
  const y = state === 'drift' ? 15.5 : 14.2;
  return (
    `<svg class="cicon ${s.className}" viewBox="0 0 20 20" aria-hidden="true" focusable="false">` +
    `<g class="cshape">${SHAPE[state]}</g>` +
    `<text x="10" y="${y}" text-anchor="middle" class="cglyph">${s.glyph}</text></svg>`
  );
}
