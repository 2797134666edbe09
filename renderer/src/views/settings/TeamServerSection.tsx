import { useEffect, useState, type SyntheticEvent } from 'react';
import type { DesktopBridge } from '../../../../shared/desktop-bridge.ts';
import type { TeamServerStatus } from '../../../../shared/team-server.ts';
import { useApi } from '../../api/api-context.tsx';
import { Field } from './Field.tsx';
import { Section, StatusLine } from './Section.tsx';
import { checkTeamForm, type TeamFormErrors } from './team-server-model.ts';
import type { SectionStatus } from './use-section-save.ts';

type TeamBridge = Required<Pick<DesktopBridge, 'teamServerGet' | 'teamServerSet'>>;

/** The desktop's main process holds this setting; browser mode has no such bridge and no section. */
export function teamBridge(): TeamBridge | null {
  const b = (globalThis as { b2b?: Partial<DesktopBridge> }).b2b;
  return b?.teamServerGet && b.teamServerSet ? { teamServerGet: b.teamServerGet, teamServerSet: b.teamServerSet } : null;
}

function describe(s: TeamServerStatus): string {
  if (s.mode === 'local') return 'This console works on this computer: it polls the schools itself and keeps its own history.';
  if (s.state === 'open') return `Connected to the team server at ${s.address ?? ''}.`;
  if (s.state === 'connecting') return `Connecting to the team server at ${s.address ?? ''}…`;
  return `Not connected to the team server at ${s.address ?? ''}${s.error ? `: ${s.error}` : ''}. The console keeps trying.`;
}

export function TeamServerSection({ bridge }: { bridge: TeamBridge }) {
  const api = useApi();
  const [current, setCurrent] = useState<TeamServerStatus | null>(null);
  const [mode, setMode] = useState<'local' | 'team'>('local');
  const [address, setAddress] = useState('');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<TeamFormErrors>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<SectionStatus>({ kind: 'idle' });

  useEffect(() => {
    const read = (first: boolean) =>
      void bridge.teamServerGet().then((r) => {
        if (!r.ok) return setStatus({ kind: 'error', message: r.error.message });
        setCurrent(r.data);
        if (first) {
          setMode(r.data.mode);
          setAddress(r.data.address ?? '');
        }
      });
    read(true);
    // The link's state changes under us: read it again when it opens or drops.
    return api.onConnection(() => read(false));
  }, [api, bridge]);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const found = checkTeamForm(mode, address, token, current?.mode === 'team' ? current.address : null);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setStatus({ kind: 'idle' });
    const r = await bridge.teamServerSet(mode === 'local' ? { mode } : { mode, address, ...(token.trim() ? { token: token.trim() } : {}) });
    setBusy(false);
    // On success main reloads the window onto the new core; until then, say what happened.
    if (!r.ok) return setStatus({ kind: 'error', message: r.error.message });
    setCurrent(r.data);
    setToken('');
    setStatus({ kind: 'saved', message: r.data.mode === 'local' ? 'Working on this computer' : `Connected to ${r.data.address ?? ''}` });
  };

  const label = mode === 'local' ? 'Work on this computer' : 'Connect';
  return (
    <Section
      id="team"
      title="Team server"
      intro={
        <p>
          A team shares one fleet through a collector: it polls the schools around the clock into a shared database, and every console connected to it sees the same
          statuses, history and audit trail. Until sign-in arrives, a collector answers on its own machine only: reach one elsewhere through an SSH tunnel.
        </p>
      }
    >
      <p className={`team-state team-${current?.state ?? 'local'}`} data-testid="team-state">
        {current ? describe(current) : 'Reading the setting…'}
        {current?.tokenKept === 'session' && ' This computer has no system keyring, so the access token is kept only until the console quits.'}
      </p>
      <form className="settings-form" onSubmit={(e) => void submit(e)} aria-label="Team server" aria-busy={busy} noValidate data-testid="form-team">
        <fieldset className="settings-choices">
          <legend>Where the fleet lives</legend>
          <label className={`settings-choice${mode === 'local' ? ' is-chosen' : ''}`}>
            <input type="radio" name="team-mode" value="local" checked={mode === 'local'} onChange={() => setMode('local')} data-testid="team-local" />
            <span>
              <strong>This computer</strong>
              <span className="field-hint">The console polls the schools itself while it is open.</span>
            </span>
          </label>
          <label className={`settings-choice${mode === 'team' ? ' is-chosen' : ''}`}>
            <input type="radio" name="team-mode" value="team" checked={mode === 'team'} onChange={() => setMode('team')} data-testid="team-team" />
            <span>
              <strong>A team server</strong>
              <span className="field-hint">A collector started with npm run collector; this console becomes a window onto it.</span>
            </span>
          </label>
        </fieldset>
        {mode === 'team' && (
          <>
            <Field field="team.address" label="Address" width="wide" value={address} onChange={setAddress} error={errors.address} hint="As the collector prints it, e.g. http://127.0.0.1:8443" />
            <Field
              field="team.token"
              label="Access token"
              type="password"
              width="wide"
              value={token}
              onChange={setToken}
              error={errors.token}
              hint="From the file console-token in the collector’s data folder. Leave it empty to keep the one saved for this address."
            />
          </>
        )}
        <div className="settings-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="save-team">
            {busy && <span className="settings-spinner" aria-hidden="true" />}
            {busy ? 'Connecting…' : label}
          </button>
          <StatusLine id="team" status={status} />
        </div>
      </form>
    </Section>
  );
}
