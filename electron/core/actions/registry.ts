// Every action type, in one place.
import type { ActionKind, ActionParams } from '../../../shared/actions.ts';
import type { ActionType } from './action-type.ts';
import { configApplyAction } from './config-apply.ts';
import { configRollbackAction } from './config-rollback.ts';
import { diagAction } from './diag.ts';
import { logsAction } from './logs.ts';
import { restartAction } from './restart.ts';
import { resyncAction } from './resync.ts';

export const ACTION_TYPES: { readonly [K in ActionKind]: ActionType<K> } = {
  restart: restartAction,
  resync: resyncAction,
  logs: logsAction,
  diag: diagAction,
  'config-apply': configApplyAction,
  'config-rollback': configRollbackAction,
};

/** The type of a kind. Method parameters are bivariant, so each kind's type stands for the general one. */
export function typeOfKind(kind: ActionKind): ActionType {
  return ACTION_TYPES[kind] as ActionType;
}

/** The type that runs these parameters: the kind in them picks it. */
export const actionType = (params: ActionParams): ActionType => typeOfKind(params.kind);
