// Action data kept live without polling: read once, then re-read when the core says runs
// moved on ('actions.changed'); see useLive for how reads are kept from overlapping.
import type { Result } from '../../../shared/result.ts';
import { useLive, type LiveData } from '../components/use-live.ts';

export type Live<T> = LiveData<T>;

/** `read` must be stable (useCallback); `concerns` says whether a push about these runs is about this data. */
export function useLiveActions<T>(read: () => Promise<Result<T>>, concerns: (runIds: readonly number[]) => boolean = () => true): Live<T> {
  return useLive(read, 'actions.changed', ({ runIds }) => concerns(runIds));
}
