// One outcome group of a run: each site with its state, whether the change was verified
// (verdict before → after), the agent's error, and its answer folded away until asked for.
import { useState } from 'react';
import { ACTION_STATE_LABELS, type Action, type ActionState } from '../../../shared/actions.ts';
import { routeHref, siteRoute } from '../app/router.ts';
import { formatLondonShort } from '../components/format.ts';
import { verdictWord, verificationLabel } from './action-format.ts';

// Thousands of sites in one group would make every push re-lay out the page.
const SHOWN = 200;

export function Verification({ action }: { action: Action }) {
  const label = verificationLabel(action);
  return (
    <span className={`act-verify vf-${action.verification}`} data-testid="action-verification" data-verification={action.verification}>
      {label}
      {action.verdictBefore !== null && label !== '—' && (
        <span className="ui-muted">
          {' '}
          ({verdictWord(action.verdictBefore)} → {action.verdictAfter === null ? '…' : verdictWord(action.verdictAfter)})
        </span>
      )}
    </span>
  );
}

function Row({ a }: { a: Action }) {
  return (
    <tr data-testid={`run-action-${a.siteId}`} data-state={a.state} data-verification={a.verification}>
      <td>
        <a href={routeHref(siteRoute(a.siteId))}>{a.siteName}</a>
      </td>
      <td>
        <span className={`act-glyph st-${a.state}`} aria-hidden="true" />
        {ACTION_STATE_LABELS[a.state]}
        {a.state === 'waiting' && a.expiresAt !== null && <span className="ui-muted small"> (until {formatLondonShort(a.expiresAt)})</span>}
      </td>
      <td>
        <Verification action={a} />
      </td>
      <td className="run-error">
        {a.errorCode && <code className="ui-code" data-testid="action-error-code">{a.errorCode}</code>} {a.message}
      </td>
      <td>
        {a.output !== null ? (
          <details className="run-output">
            <summary>Output{a.outputTruncated ? ' (cut short)' : ''}</summary>
            <pre className="ui-code-block" data-testid="action-output">
              {a.output}
            </pre>
          </details>
        ) : (
          <span className="ui-muted">—</span>
        )}
      </td>
    </tr>
  );
}

export function RunGroup({ state, actions }: { state: ActionState; actions: readonly Action[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? actions : actions.slice(0, SHOWN);
  const id = `run-group-${state}`;
  return (
    <section className="run-group ui-panel" aria-labelledby={id} data-testid={id} data-n={actions.length}>
      <header className="ui-panel-header">
        <h3 id={id}>
          <span className={`act-glyph st-${state}`} aria-hidden="true" />
          {ACTION_STATE_LABELS[state]} ({actions.length})
        </h3>
      </header>
      <div className="ui-panel-body run-group-body">
        <table className="ui-table">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">State</th>
              <th scope="col">Verification</th>
              <th scope="col">Error</th>
              <th scope="col">Agent’s answer</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <Row key={a.id} a={a} />
            ))}
          </tbody>
        </table>
        {shown.length < actions.length && (
          <button type="button" className="show-more" onClick={() => setAll(true)}>
            Show all {actions.length}
          </button>
        )}
      </div>
    </section>
  );
}
