// The SSH host key the console trusts for this school, and the one it is being offered.
// Approving a key is how a man-in-the-middle would get in, so the dialog shows the exact
// fingerprint to compare with the server's own before anything is trusted.
import { useState } from 'react';
import type { SiteStatus } from '../../../../shared/fleet.ts';
import { useApi } from '../../api/api-context.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Panel } from '../../components/Panel.tsx';

const STATE_TEXT: Record<SiteStatus['hostKey']['state'], { glyph: string; word: string; hint: string }> = {
  pinned: { glyph: '✓', word: 'Pinned', hint: 'The server shows the key we trust.' },
  pending: { glyph: '?', word: 'Pending approval', hint: 'A first key was seen. Nothing is polled until someone approves it.' },
  changed: { glyph: '⚠', word: 'Changed', hint: 'The server now shows a different key. This happens after a rebuild — or an interception. Polling has stopped.' },
  rejected: { glyph: '✕', word: 'Rejected', hint: 'Someone refused the key this server offers. Nothing is sent to it; a different key will be offered for approval.' },
  none: { glyph: '○', word: 'None yet', hint: 'The console has not connected to this server yet.' },
};

export function HostKeyPanel({ siteId, hostKey, onApproved }: { siteId: number; hostKey: SiteStatus['hostKey']; onApproved: () => void }) {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const look = STATE_TEXT[hostKey.state];
  const canApprove = (hostKey.state === 'pending' || hostKey.state === 'changed') && hostKey.pending !== null;

  const approve = async () => {
    if (!hostKey.pending) return;
    setBusy(true);
    const r = await api.call('hostkey.approve', { id: siteId, fingerprint: hostKey.pending });
    setBusy(false);
    setConfirming(false);
    if (r.ok) {
      setError(null);
      onApproved();
    } else setError(r.error.message);
  };

  return (
    <Panel title="Host key" testId="site-hostkey">
      <p className={`sd-hostkey-state sd-hostkey-${hostKey.state}`} data-testid="hostkey-state" data-state={hostKey.state}>
        <span aria-hidden="true">{look.glyph}</span> <strong>{look.word}</strong>
      </p>
      <p className="ui-muted">{look.hint}</p>
      <dl className="ui-kv">
        <dt>Trusted</dt>
        <dd>{hostKey.approved ? <code className="ui-code sd-break">{hostKey.approved}</code> : <span className="ui-muted">none</span>}</dd>
        {hostKey.rejected && (
          <>
            <dt>Rejected</dt>
            <dd>
              <code className="ui-code sd-break">{hostKey.rejected}</code>
            </dd>
          </>
        )}
        {hostKey.pending && (
          <>
            <dt>Offered</dt>
            <dd>
              <code className="ui-code sd-break">{hostKey.pending}</code>
            </dd>
          </>
        )}
      </dl>
      {canApprove && (
        <button type="button" className="primary" onClick={() => setConfirming(true)} data-testid="hostkey-approve">
          Review and approve…
        </button>
      )}
      {error && <ErrorNotice title="The key was not approved">{error}</ErrorNotice>}
      <ConfirmDialog open={confirming} title="Trust this host key?" confirmLabel="Trust this key" onConfirm={() => void approve()} onCancel={() => setConfirming(false)} busy={busy} testId="hostkey-dialog">
        <p>Only approve if this fingerprint matches the one on the school’s server. On the server, run:</p>
        <pre className="ui-code-block">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</pre>
        <p>Fingerprint offered by the server:</p>
        <p>
          <code className="ui-code sd-fingerprint">{hostKey.pending}</code>
        </p>
        {hostKey.approved && (
          <p className="ui-muted">
            It replaces <code className="ui-code">{hostKey.approved}</code>.
          </p>
        )}
      </ConfirmDialog>
    </Panel>
  );
}
