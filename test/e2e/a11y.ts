// Accessibility checks shared by every view's test. Colour contrast is held to a margin
// above WCAG AA (4.5:1 for text, 3:1 for large text): a newer Chromium or axe that
// measures a colour a little differently must not turn the suite red, and a colour
// that only just passes today is a colour someone will struggle to read.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RunOptions } from 'axe-core';

/** The contrast every text must reach here: AA plus a margin of about 20%. */
export const CONTRAST_WITH_MARGIN = { normal: 5.5, large: 3.8 } as const;

// axe's own defaults for the check, restated because run options replace them whole.
const contrastOptions = {
  ignoreUnicode: true,
  ignoreLength: false,
  ignorePseudo: false,
  boldValue: 700,
  boldTextPt: 14,
  largeTextPt: 18,
  contrastRatio: { normal: { expected: CONTRAST_WITH_MARGIN.normal }, large: { expected: CONTRAST_WITH_MARGIN.large } },
  pseudoSizeThreshold: 0.25,
  shadowOutlineEmMax: 0.2,
  textStrokeEmMin: 0.03,
};

// axe reads per-check options from run options (axe.run's getCheckOption), which its
// types do not list; axe.configure would not do: the rule's own defaults win over it.
const runOptions: RunOptions & { checks: Record<string, { options: object }> } = { checks: { 'color-contrast': { options: contrastOptions } } };

/** axe with the stricter contrast, optionally limited to one part of the page. */
export function axe(page: Page, include?: string): AxeBuilder {
  const builder = new AxeBuilder({ page }).options(runOptions);
  return include ? builder.include(include) : builder;
}

/** Serious and critical findings, one line each with where they are: [] when clean. */
export async function seriousFindings(builder: AxeBuilder, label = ''): Promise<string[]> {
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label ? `${label} ` : ''}${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`).slice(0, 3).join(', ')})`);
}
