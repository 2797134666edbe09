import { memo } from 'react';
import type { Verdict } from '../../../shared/health/verdict.ts';
import { verdictIconMarkup, verdictLabel } from './verdict-style.ts';

/** The shape-and-glyph icon alone; give it a label nearby or an accessible name on its parent. */
export const VerdictIcon = memo(function VerdictIcon({ verdict }: { verdict: Verdict }) {
  // The markup is built from our own constants, never from data, so injecting it is safe.
  return <span className="vicon-wrap" dangerouslySetInnerHTML={{ __html: verdictIconMarkup(verdict) }} />;
});

export const VerdictBadge = memo(function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return (
    <span className={`verdict-badge v-${verdict}`} data-verdict={verdict}>
      <VerdictIcon verdict={verdict} />
      {verdictLabel(verdict)}
    </span>
  );
});
