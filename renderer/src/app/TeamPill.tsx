import { useEffect, useState } from 'react';
import type { TeamServerStatus } from '../../../shared/team-server.ts';
import { useApi } from '../api/api-context.tsx';
import { teamBridge } from '../views/settings/TeamServerSection.tsx';

/** On the desktop, says when the console is a window onto a team server rather than this computer's own fleet. */
export function TeamPill() {
  const api = useApi();
  const [status, setStatus] = useState<TeamServerStatus | null>(null);
  useEffect(() => {
    const bridge = teamBridge();
    if (!bridge) return;
    const read = () => void bridge.teamServerGet().then((r) => r.ok && setStatus(r.data));
    read();
    return api.onConnection(read);
  }, [api]);
  if (status?.mode !== 'team') return null;
  const host = (status.address ?? '').replace(/^http:\/\//, '');
  return (
    <a href="#/settings" className={`team-pill${status.state === 'open' ? '' : ' is-down'}`} data-testid="team-pill" title={status.state === 'open' ? `Connected to the team server at ${host}` : `Not connected to the team server at ${host}`}>
      TEAM {host}
    </a>
  );
}
