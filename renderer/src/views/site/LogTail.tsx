// The agent's own log, fetched over SSH only when someone asks: it costs a round trip to a
// school server that may be off, so progress and failure are both shown plainly.
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { LogLineSchema } from '../../../../shared/protocol/v1.ts';
import { useApi } from '../../api/api-context.tsx';
import { Busy } from '../../components/Busy.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatLondonShort } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';

type LogLine = z.infer<typeof LogLineSchema>;
type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; lines: LogLine[]; truncated: boolean; at: number };

const TAILS = [50, 200, 1000] as const;

export function LogTail({ siteId }: { siteId: number }) {
  const api = useApi();
  const [tail, setTail] = useState<number>(200);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const listRef = useRef<HTMLOListElement>(null);

  // A tail is read from the bottom: open it at the newest line, as `tail -f` would.
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [state, problemsOnly]);

  const fetchLogs = async () => {
    setState({ kind: 'loading' });
    const r = await api.call('site.logs', { id: siteId, tail });
    setState(r.ok ? { kind: 'done', lines: r.data.lines, truncated: r.data.truncated, at: Date.now() } : { kind: 'error', message: r.error.message });
  };

  const controls = (
    <>
      <label className="ui-inline-field">
        Lines
        <select value={tail} onChange={(e) => setTail(Number(e.target.value))} data-testid="log-tail-size">
          {TAILS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void fetchLogs()} disabled={state.kind === 'loading'} data-testid="log-fetch">
        {state.kind === 'done' ? 'Fetch again' : 'Fetch log tail'}
      </button>
    </>
  );

  const shown = state.kind === 'done' ? state.lines.filter((l) => !problemsOnly || l.level === 'error' || l.level === 'warn') : [];
  return (
    <Panel title="Agent log" actions={controls} testId="site-logs">
      {state.kind === 'idle' && <p className="ui-muted">The log stays on the school’s server until you fetch it.</p>}
      {state.kind === 'loading' && <Busy label={`Fetching the last ${tail} lines from the agent…`} testId="log-busy" />}
      {state.kind === 'error' && (
        <ErrorNotice title="Could not fetch the log" testId="log-error">
          <p>{state.message}</p>
          <p className="ui-muted">If the school’s server is off or unreachable, try again when it is back.</p>
        </ErrorNotice>
      )}
      {state.kind === 'done' && state.lines.length === 0 && <EmptyState title="The agent’s log is empty." />}
      {state.kind === 'done' && state.lines.length > 0 && (
        <>
          <div className="sd-log-bar">
            <span className="ui-muted" role="status">
              {state.lines.length} lines{state.truncated ? ' (cut short by the agent)' : ''}, fetched {formatLondonShort(state.at)}
            </span>
            <label className="ui-inline-field">
              <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
              Errors and warnings only
            </label>
          </div>
          <ol ref={listRef} className="sd-log" data-testid="log-lines" tabIndex={0} aria-label="Log lines, newest last">
            {shown.map((l, i) => (
              <li key={`${l.ts}-${i}`} className={`sd-log-${l.level}`}>
                <time dateTime={l.ts}>{formatLondonShort(l.ts)}</time>
                <span className="sd-log-level">{l.level.toUpperCase()}</span>
                <span className="sd-log-msg">{l.msg}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Panel>
  );
}
