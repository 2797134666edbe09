// The map's config layer: pins coloured by config state (drift, changed locally…) instead
// of verdict, each with the state's shape and glyph as well as its colour.
import type { ConfigState } from '../../../../shared/fleet-config.ts';
import { configStateLabel } from '../../config/config-format.ts';
import { configIconMarkup } from '../../config/config-style.ts';
import { CONFIG_STATE_STYLE, NEEDS_LOOK, worstState } from '../../config/drift-model.ts';
import { L } from './leaflet.ts';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function configSiteIcon(state: ConfigState, name: string, urn: number): L.DivIcon {
  return L.divIcon({
    className: `site-marker cfg-layer ${CONFIG_STATE_STYLE[state].className}`,
    html: `<span class="marker-body" data-testid="marker-${urn}" data-config-state="${state}">${configIconMarkup(state)}<span class="visually-hidden">${escape(name)}, config ${configStateLabel(state).toLowerCase()}</span></span>`,
    iconSize: [22, 22],
    iconAnchor: [11, 11],
    popupAnchor: [0, -10],
  });
}

export function configClusterIcon(states: readonly ConfigState[]): L.DivIcon {
  const count = states.length;
  const worst = worstState(states);
  const look = states.filter((s) => NEEDS_LOOK.has(s)).length;
  const size = count < 10 ? 34 : count < 100 ? 40 : 48;
  const label = `${count} sites${look > 0 ? `, ${look} with config needing a look, worst ${configStateLabel(worst).toLowerCase()}` : ', no config drift'}`;
  return L.divIcon({
    className: `site-cluster ${CONFIG_STATE_STYLE[worst].className}`,
    html: `<span class="cluster-ring cfg-layer">${configIconMarkup(worst)}<b>${count}</b></span><span class="visually-hidden">${label}</span>`,
    iconSize: [size, size],
  });
}
