// A verdict as colour + glyph + words. The glyph is decorative (the words carry the meaning
// for screen readers); its shape tells verdicts apart for people who cannot tell the colours.
import type { Verdict } from '../../../shared/health/verdict.ts';
import { VERDICT_GLYPHS, verdictColour, verdictLabel } from './verdict-style.ts';
import './components.css';

export function VerdictBadge({ verdict, size = 'normal' }: { verdict: Verdict; size?: 'normal' | 'large' }) {
  return (
    <span className={`verdict-badge verdict-${verdict}${size === 'large' ? ' verdict-badge-large' : ''}`} data-verdict={verdict}>
      <span className="verdict-glyph" aria-hidden="true" style={{ background: verdictColour(verdict) }}>
        {VERDICT_GLYPHS[verdict]}
      </span>
      <span className="verdict-text">{verdictLabel(verdict)}</span>
    </span>
  );
}
