// Every action type, in one place.
import type { ActionKind, ActionParams } from '../../../shared/actions.ts';
import type { ActionType } from './action-type.ts';
import { diagAction } from './diag.ts';
import { logsAction } from './logs.ts';
import { restartAction } from './restart.ts';
import { resyncAction } from './resync.ts';

export const ACTION_TYPES: { readonly [K in ActionKind]: ActionType<K> } = {
  restart: restartAction,
  resync: resyncAction,
  logs: logsAction,
  diag: diagAction,
};

/** The type that runs these parameters. */
export function actionType(params: ActionParams): ActionType {
  // Method parameters are bivariant, so each kind's type stands for the general one;
  // the kind in the parameters picks the matching type.
  return ACTION_TYPES[params.kind] as ActionType;
}
