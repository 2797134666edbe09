import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function keyRotationHandlers({ keyRotations }: CoreContext) {
  return {
    'keys.rotationPreview': (req) => keyRotations.preview(req),
    'keys.rotationStart': (req, { actor }) => keyRotations.begin(req, actor),
    'keys.rotations': ({ limit }) => keyRotations.list(limit),
    'keys.rotation': ({ id }) => keyRotations.detail(id),
  } satisfies Partial<Handlers>;
}
