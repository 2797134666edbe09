// Every badge, pill, tag and count in the stylesheets, drawn on each surface it sits on, in
// both themes, held to contrast with a margin (a11y.ts). The views' own axe checks only see
// the badges their data happens to show; this sees all of them, whatever the data.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { axe, seriousFindings } from './a11y.ts';
import { expect, test } from './fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Each small coloured label as the app writes it: classes of the label and of its wrapper. */
const SWATCHES: { label: string; wrap?: string; classes: string }[] = [
  { label: 'nav count', classes: 'nav-count' },
  { label: 'demo badge', classes: 'badge' },
  { label: 'demo pill', classes: 'demo-pill' },
  { label: 'team server pill', classes: 'team-pill' },
  { label: 'team server pill, link down', classes: 'team-pill is-down' },
  { label: 'filter count', classes: 'filter-count' },
  { label: 'tag', classes: 'tag' },
  { label: 'academy tag', classes: 'tag tag-academy' },
  { label: 'fleet tag', classes: 'tag tag-fleet' },
  { label: 'dataset tag', classes: 'tag tag-dataset' },
  { label: 'ui tag', classes: 'ui-tag' },
  { label: 'strong ui tag', classes: 'ui-tag ui-tag-strong' },
  { label: 'academy ui tag', classes: 'ui-tag ui-tag-academy' },
  { label: 'config counts', classes: 'config-counts' },
  { label: 'tile config mark', classes: 'tile-cfg-badge' },
  { label: 'GIAS preview count', wrap: 'gias-counts', classes: 'gias-count' },
  ...['in-sync', 'drift', 'changed-locally', 'invalid', 'unmanaged', 'unknown'].map((s) => ({ label: `config ${s} badge`, classes: `cfg-badge cfg-${s}` })),
  ...['healthy', 'lagging', 'failing', 'auth-failed', 'hostkey-changed', 'unreachable', 'protocol-error', 'unknown', 'maintenance'].flatMap((v) => [
    { label: `${v} badge`, classes: `verdict-badge v-${v}` },
    { label: `${v} large badge`, wrap: 'sd-verdict-badge', classes: `verdict-badge v-${v}` },
  ]),
];

/** Where labels sit: the page, a panel, a hovered row, the current nav item. */
const SURFACES = ['var(--bg)', 'var(--panel)', 'var(--panel-2)', 'var(--hover)', 'var(--accent-soft)'];

const LABEL_CLASS = /\.([a-z][a-z0-9-]*(?:badge|pill|count|tag)[a-z0-9-]*)/g;

test('every badge class in the stylesheets has a swatch here', () => {
  const cssFiles = fs.readdirSync(path.join(root, 'renderer/src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.css'));
  const found = new Set<string>();
  for (const f of cssFiles) for (const m of fs.readFileSync(path.join(root, 'renderer/src', f), 'utf8').matchAll(LABEL_CLASS)) found.add(m[1] ?? '');
  const covered = new Set(SWATCHES.flatMap((s) => [...s.classes.split(' '), ...(s.wrap ? [s.wrap] : [])]));
  expect([...found].filter((c) => !covered.has(c)).sort()).toEqual([]);
});

test('every badge, pill and tag keeps its contrast with a margin on every surface, light and dark', async ({ page }) => {
  await page.evaluate(
    ({ swatches, surfaces }) => {
      const board = document.createElement('div');
      board.dataset.testid = 'swatches';
      for (const bg of surfaces) {
        const row = document.createElement('div');
        row.style.cssText = `background:${bg};padding:8px;display:flex;flex-wrap:wrap;gap:6px`;
        for (const s of swatches) {
          const wrap = document.createElement('span');
          wrap.className = s.wrap ?? '';
          wrap.style.display = 'inline-flex';
          const label = document.createElement('span');
          label.className = s.classes;
          label.textContent = `${s.label} 12`;
          wrap.append(label);
          row.append(wrap);
        }
        board.append(row);
      }
      document.body.prepend(board);
    },
    { swatches: SWATCHES, surfaces: SURFACES },
  );
  const findings: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    findings.push(...(await seriousFindings(axe(page, '[data-testid="swatches"]'), colorScheme)));
  }
  expect(findings).toEqual([]);
});
