// Which layers make a site's desired config, in order: its template's newest version, its
// area's override, its tags' overrides (by tag name), then its own. Pure.
import type { ConfigFields, Layer, Override, Template } from '../../../shared/fleet-config.ts';
import type { Site } from '../../../shared/site.ts';

export type OverrideIndex = ReadonlyMap<string, Omit<Override, 'label'>>;

export const overrideKey = (scope: Override['scope'], key: string): string => `${scope}\u0000${key}`;

export function indexOverrides(all: ReadonlyArray<Omit<Override, 'label'>>): OverrideIndex {
  return new Map(all.map((o) => [overrideKey(o.scope, o.key), o]));
}

export function layersFor(site: Pick<Site, 'id' | 'area' | 'tags'>, template: Pick<Template, 'name' | 'version' | 'fields'>, overrides: OverrideIndex, draft?: ConfigFields): Layer[] {
  const layers: Layer[] = [{ source: `template ${template.name}${draft ? ' (unsaved)' : ` v${template.version}`}`, fields: draft ?? template.fields }];
  const area = site.area ? overrides.get(overrideKey('area', site.area)) : undefined;
  if (area && site.area) layers.push({ source: `area ${site.area}`, fields: area.fields });
  for (const tag of [...site.tags].sort()) {
    const o = overrides.get(overrideKey('tag', tag));
    if (o) layers.push({ source: `tag ${tag}`, fields: o.fields });
  }
  const own = overrides.get(overrideKey('site', String(site.id)));
  if (own) layers.push({ source: 'this site', fields: own.fields });
  return layers;
}
