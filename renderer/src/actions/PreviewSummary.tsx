// What a run would do, before anyone confirms it: the agent verb, the effect to expect,
// which sites it reaches, which wait for a school that is off, and which are left out and why.
import type { ActionPreview } from '../../../shared/actions.ts';

const NAMES_SHOWN = 20;

function Names({ names, testId }: { names: readonly string[]; testId: string }) {
  const more = names.length - NAMES_SHOWN;
  return (
    <p className="ad-names" data-testid={testId}>
      {names.slice(0, NAMES_SHOWN).join(', ')}
      {more > 0 && ` and ${more} more`}
    </p>
  );
}

export function PreviewSummary({ preview }: { preview: ActionPreview }) {
  const waiting = preview.sites.filter((s) => s.waits);
  const n = preview.sites.length;
  return (
    <div className="ad-preview" data-testid="action-preview">
      <dl className="ui-kv">
        <dt>Sends</dt>
        <dd>
          <code className="ui-code" data-testid="action-verb">
            {preview.verb}
          </code>
        </dd>
        <dt>What it does</dt>
        <dd data-testid="action-description">{preview.description}</dd>
        <dt>What to expect</dt>
        <dd data-testid="action-effect">{preview.expectedEffect}</dd>
      </dl>
      <h4 className="ad-subhead" data-testid="action-site-count" data-count={n}>
        {n === 0 ? 'No site can take this action' : n === 1 ? '1 site' : `${n} sites`}
      </h4>
      {n > 0 && <Names names={preview.sites.map((s) => s.siteName)} testId="action-site-names" />}
      {waiting.length > 0 && (
        <div className="ad-note" data-testid="action-waiting">
          <p>
            <strong>{waiting.length === 1 ? '1 site waits' : `${waiting.length} sites wait`}</strong> until it is next seen (it is off or cannot be reached now, or you chose to wait):
          </p>
          <Names names={waiting.map((s) => s.siteName)} testId="action-waiting-names" />
        </div>
      )}
      {preview.skipped.length > 0 && (
        <div className="ad-note ad-skipped" data-testid="action-skipped">
          <p>
            <strong>{preview.skipped.length === 1 ? '1 site is left out' : `${preview.skipped.length} sites are left out`}</strong>:
          </p>
          <ul>
            {preview.skipped.slice(0, NAMES_SHOWN).map((s) => (
              <li key={s.siteId} data-testid={`action-skipped-${s.siteId}`}>
                <strong>{s.siteName}</strong>: {s.why}
              </li>
            ))}
            {preview.skipped.length > NAMES_SHOWN && <li>and {preview.skipped.length - NAMES_SHOWN} more</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
