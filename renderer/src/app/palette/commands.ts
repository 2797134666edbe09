// What the command palette can do: go to a view or a site, and the console-wide actions.
import type { FleetRow } from '../../fleet/fleet-row.ts';
import { verdictLabel } from '../../fleet/verdict-style.ts';
import type { AppActions } from '../app-actions.tsx';
import { navigate, siteRoute, VIEW_TITLES, type View } from '../router.ts';
import { cycleTheme } from '../theme.ts';

export interface Command {
  id: string;
  label: string;
  hint?: string;
  group: 'Go to' | 'Actions' | 'Sites';
  run: () => void;
}

const VIEW_ORDER: View[] = ['triage', 'map', 'grid', 'table', 'reports', 'actions', 'config', 'rollouts', 'sites', 'settings'];
const MAX_SITES = 8;

export function baseCommands(app: AppActions, paused: boolean, siteCount: number): Command[] {
  const cmds: Command[] = VIEW_ORDER.map((v) => ({ id: `view-${v}`, label: `Go to ${VIEW_TITLES[v]}`, group: 'Go to', run: () => navigate({ view: v }) }));
  if (siteCount > 0) cmds.push({ id: 'poll-now', label: 'Poll all sites now', group: 'Actions', run: () => void app.pollNow() });
  cmds.push(
    { id: 'pause', label: paused ? 'Resume polling' : 'Pause polling', group: 'Actions', run: () => void app.setPaused(!paused) },
    { id: 'theme', label: 'Toggle theme (system, light, dark)', group: 'Actions', run: cycleTheme },
  );
  if (app.muted !== null) cmds.push({ id: 'mute', label: app.muted ? 'Unmute alerts' : 'Mute all alerts', group: 'Actions', run: () => void app.setMuted(!app.muted) });
  if (siteCount === 0) cmds.push({ id: 'demo-start', label: 'Start the demo fleet', group: 'Actions', run: () => void app.startDemo().then((ok) => ok && navigate({ view: 'map' })) });
  if (app.info?.demo) cmds.push({ id: 'demo-stop', label: 'Remove the demo fleet', group: 'Actions', run: () => void app.stopDemo() });
  return cmds;
}

/** Commands whose words all appear in the label, then sites by name or URN. */
export function matchCommands(base: readonly Command[], rows: readonly FleetRow[], query: string): Command[] {
  const q = query.trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const cmds = words.length === 0 ? [...base] : base.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
  if (q === '') return cmds;
  const sites: Command[] = [];
  for (const r of rows) {
    if (!r.search.includes(q)) continue;
    sites.push({ id: `site-${r.id}`, label: r.site.name, hint: `URN ${r.site.urn} · ${verdictLabel(r.verdict)}`, group: 'Sites', run: () => navigate(siteRoute(r.id)) });
    if (sites.length === MAX_SITES) break;
  }
  return [...sites, ...cmds];
}
