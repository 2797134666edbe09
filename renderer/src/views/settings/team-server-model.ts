// The "Team server" form's checks, before main is asked: the same rules main applies
// (shared/team-server.ts), so a person sees the problem beside the field.
import { parseTeamAddress, tokenProblem } from '../../../../shared/team-server.ts';

export interface TeamFormErrors {
  address?: string;
  token?: string;
}

/** `savedOrigin`: the team server the console already holds a token for, if any. */
export function checkTeamForm(mode: 'local' | 'team', address: string, token: string, savedOrigin: string | null): TeamFormErrors {
  if (mode === 'local') return {};
  const errors: TeamFormErrors = {};
  const a = parseTeamAddress(address);
  if (!a.ok) errors.address = a.message;
  const t = token.trim();
  const problem = t === '' ? null : tokenProblem(t);
  if (problem) errors.token = problem;
  else if (t === '' && a.ok && a.value.token === null && a.value.origin !== savedOrigin) {
    errors.token = 'Give the access token: it is in the collector’s data folder, in the file console-token';
  }
  return errors;
}
