import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function fileHandlers({ uploads }: CoreContext) {
  return {
    'files.begin': ({ name, size }) => uploads.begin(name, size),
    'files.chunk': ({ id, offset, data }) => uploads.append(id, offset, Buffer.from(data, 'base64')),
    'files.discard': ({ id }) => {
      uploads.discard(id);
      return {};
    },
  } satisfies Partial<Handlers>;
}
