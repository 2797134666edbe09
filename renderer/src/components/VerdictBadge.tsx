// One look for a verdict everywhere in the console: the fleet views' badge (Okabe–Ito colour,
// a shape, a glyph and the words). Detail and report views take it from here.
export { VerdictBadge, VerdictIcon } from '../fleet/VerdictBadge.tsx';
