// How each freshness state reads: a word (always shown), a glyph that differs in shape,
// a theme colour, and a sentence saying what it means for the LA's data.
import type { DatasetFreshness } from '../../../../shared/health/verdict.ts';

export type FreshnessState = DatasetFreshness['state'];

export const FRESHNESS_LOOK: Record<FreshnessState, { glyph: string; colourVar: string; hint: string }> = {
  fresh: { glyph: '✓', colourVar: '--ok', hint: 'Arrived on schedule' },
  quiet: { glyph: '◌', colourVar: '--unknown', hint: 'Nothing due: weekend, holiday or closure' },
  overdue: { glyph: '◔', colourVar: '--warn', hint: 'A scheduled transfer is late' },
  stale: { glyph: '◕', colourVar: '--bad', hint: 'Scheduled transfers have been missed: the LA’s copy is out of date' },
  never: { glyph: '○', colourVar: '--unknown', hint: 'Never sent since the agent was installed' },
  hung: { glyph: '◷', colourVar: '--bad', hint: 'A transfer started and has not finished' },
  failed: { glyph: '✕', colourVar: '--bad', hint: 'The last transfer failed' },
  disabled: { glyph: '–', colourVar: '--unknown', hint: 'Not sent: the site’s agent config leaves this dataset out' },
};

/** States that mean data has stopped reaching the LA. */
export const STOPPED_STATES: readonly FreshnessState[] = ['stale', 'hung', 'failed', 'never'];
