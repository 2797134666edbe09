// Which keys to type into the table's search box. A keystroke that leaves the table as it
// was changes nothing on screen, so there is no frame to time: the plan picks words whose
// every prefix matches a different number of sites, typed and then deleted again.
import type { Site } from '../../../shared/site.ts';

/** The text the table matches a search against (renderer/src/fleet/fleet-row.ts builds the same). */
export function searchText(site: Site): string {
  return `${site.name} ${site.urn} ${site.laestab ?? ''}`.toLowerCase();
}

export interface KeystrokePlan {
  /** Playwright key names: single characters and 'Backspace'. */
  keys: string[];
  words: string[];
}

function prefixCounts(texts: readonly string[], word: string): number[] {
  const counts: number[] = [];
  for (let i = 1; i <= word.length; i++) {
    const needle = word.slice(0, i);
    counts.push(texts.reduce((n, t) => (t.includes(needle) ? n + 1 : n), 0));
  }
  return counts;
}

/** The longest prefix of `word` whose every keystroke changes the match count (and matches something). */
function usefulPrefix(texts: readonly string[], word: string): string {
  const counts = prefixCounts(texts, word.trimEnd());
  let previous = texts.length;
  let len = 0;
  for (const c of counts) {
    if (c === previous || c === 0) break;
    previous = c;
    len += 1;
  }
  return word.slice(0, len).trimEnd();
}

export function keystrokePlan(sites: readonly Site[], target = 30): KeystrokePlan {
  const texts = sites.map(searchText);
  const freq = new Map<string, number>();
  for (const s of sites) for (const w of s.name.toLowerCase().split(/[^a-z]+/)) if (w.length >= 4) freq.set(w, (freq.get(w) ?? 0) + 1);
  // Common words first (what people type: "primary", "academy", a place name), then a URN.
  const candidates = [...[...freq.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w), ...sites.slice(0, 5).map((s) => String(s.urn))];
  const keys: string[] = [];
  const words: string[] = [];
  for (const word of candidates) {
    if (keys.length >= target) break;
    const prefix = usefulPrefix(texts, word);
    if (prefix.length < 2) continue;
    words.push(prefix);
    keys.push(...prefix.split(''), ...prefix.split('').map(() => 'Backspace'));
  }
  return { keys, words };
}
