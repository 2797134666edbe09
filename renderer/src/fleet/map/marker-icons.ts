// Marker and cluster icons as inline SVG divIcons: no image files (the default marker
// images are a classic breakage, and the CSP allows no remote scripts), and every icon
// carries the verdict's shape and glyph as well as its colour.
import { VERDICT_RANK, type Verdict } from '../../../../shared/health/verdict.ts';
import { verdictIconMarkup, verdictLabel } from '../verdict-style.ts';
import { L } from './leaflet.ts';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function siteIcon(verdict: Verdict, name: string, urn: number): L.DivIcon {
  return L.divIcon({
    className: `site-marker v-${verdict}`,
    html: `<span class="marker-body" data-testid="marker-${urn}" data-verdict="${verdict}">${verdictIconMarkup(verdict)}<span class="visually-hidden">${escape(name)}, ${verdictLabel(verdict)}</span></span>`,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
    popupAnchor: [0, -10],
  });
}

export function worstOf(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'healthy';
  for (const v of verdicts) if (VERDICT_RANK[v] > VERDICT_RANK[worst]) worst = v;
  return worst;
}

export function clusterIcon(count: number, worst: Verdict, bad: number): L.DivIcon {
  const size = count < 10 ? 34 : count < 100 ? 40 : 48;
  const label = `${count} sites${bad > 0 ? `, ${bad} need attention, worst ${verdictLabel(worst)}` : ', all healthy'}`;
  return L.divIcon({
    className: `site-cluster v-${worst}`,
    html: `<span class="cluster-ring">${verdictIconMarkup(worst)}<b>${count}</b></span><span class="visually-hidden">${label}</span>`,
    iconSize: [size, size],
  });
}
