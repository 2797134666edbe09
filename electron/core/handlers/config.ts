import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function configHandlers({ config }: CoreContext) {
  return {
    'config.templates': () => config.templates(),
    'config.templateVersions': ({ name }) => config.versions(name),
    'config.saveTemplate': (req, { actor }) => config.saveTemplate(req, actor),
    'config.overrides': () => config.overrides(),
    'config.saveOverride': (req, { actor }) => config.saveOverride(req, actor),
    'config.deleteOverride': async (req, { actor }) => ({ deleted: await config.deleteOverride(req, actor) }),
    'config.assign': async ({ siteIds, template }, { actor }) => ({ assigned: await config.assign(siteIds, template, actor) }),
    'config.states': () => config.states(),
    'config.site': ({ id, draft }) => config.siteView(id, draft),
    'config.acceptLocal': async ({ siteIds }, { actor }) => ({ accepted: await config.acceptLocal(siteIds, actor) }),
  } satisfies Partial<Handlers>;
}
