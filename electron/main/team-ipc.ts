// The main-only channels behind the "Team server" setting. Like every contract channel, only
// our own window's top frame may call them, and the choice is parsed before anything acts.
import { TEAM_SERVER_GET_CHANNEL, TEAM_SERVER_SET_CHANNEL } from '../../shared/desktop-bridge.ts';
import { fail, ok, validationFailure, type Result } from '../../shared/result.ts';
import { TeamServerChoiceSchema, type TeamServerChoice, type TeamServerStatus } from '../../shared/team-server.ts';
import { isTrustedSender, type InvokeEventLike, type WarnLogger } from './ipc.ts';

export interface TeamIpcMain {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export interface TeamIpcDeps {
  isOurWebContents: (id: number) => boolean;
  log: WarnLogger;
  status(): TeamServerStatus;
  choose(choice: TeamServerChoice): Promise<Result<TeamServerStatus>>;
}

export function createTeamHandlers(deps: TeamIpcDeps) {
  const refuse = (event: InvokeEventLike, what: string): Result<never> | null => {
    if (isTrustedSender(event, deps.isOurWebContents)) return null;
    deps.log.warn(`refused ${what} from a foreign sender`, { url: event.senderFrame?.url.slice(0, 200) ?? null });
    return fail('forbidden', 'This request did not come from the console window');
  };
  return {
    get: (event: InvokeEventLike): Promise<Result<TeamServerStatus>> => Promise.resolve(refuse(event, 'the team server setting') ?? ok(deps.status())),
    set: async (event: InvokeEventLike, payload: unknown): Promise<Result<TeamServerStatus>> => {
      const refused = refuse(event, 'a team server change');
      if (refused) return refused;
      const parsed = TeamServerChoiceSchema.safeParse(payload);
      if (!parsed.success) return validationFailure(parsed.error, 'team server setting');
      return deps.choose(parsed.data);
    },
  };
}

export function registerTeamIpc(ipcMain: TeamIpcMain, deps: TeamIpcDeps): void {
  const handlers = createTeamHandlers(deps);
  ipcMain.handle(TEAM_SERVER_GET_CHANNEL, (event) => handlers.get(event));
  ipcMain.handle(TEAM_SERVER_SET_CHANNEL, (event, payload) => handlers.set(event, payload));
}
