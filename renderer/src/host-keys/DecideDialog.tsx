// The question before a bulk decision: how many sites, and, for changed keys, plainly what
// approving means: trusting a server that may have been replaced.
import type { KeyDecision, WaitingKey } from '../../../shared/host-keys.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { sites } from './host-keys-model.ts';

const LISTED = 8;

interface Props {
  decision: KeyDecision | null;
  rows: readonly WaitingKey[];
  revokedLeftOut: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function DecideDialog({ decision, rows, revokedLeftOut, busy, onConfirm, onCancel }: Props) {
  const changed = rows.filter((r) => r.kind === 'changed').length;
  const approve = decision === 'approve';
  const title = approve ? `Approve the host keys of ${sites(rows.length)}?` : `Reject the host keys of ${sites(rows.length)}?`;
  return (
    <ConfirmDialog open={decision !== null} title={title} confirmLabel={approve ? `Trust ${rows.length === 1 ? 'this key' : `these ${rows.length} keys`}` : `Reject ${rows.length === 1 ? 'this key' : `these ${rows.length} keys`}`} onConfirm={onConfirm} onCancel={onCancel} busy={busy || rows.length === 0} testId="hostkeys-dialog">
      <p data-testid="hostkeys-dialog-count">
        {approve ? 'The console will trust' : 'The console will refuse'} the key each of these {sites(rows.length)} presents now:
      </p>
      <ul className="hk-dialog-list">
        {rows.slice(0, LISTED).map((r) => (
          <li key={r.siteId}>
            {r.name} {r.kind === 'changed' && <strong>(changed)</strong>}
          </li>
        ))}
        {rows.length > LISTED && <li>… and {rows.length - LISTED} more</li>}
      </ul>
      {approve && changed > 0 && (
        <p className="hk-warning" data-testid="hostkeys-dialog-changed">
          <strong>
            {changed === 1 ? '1 of these keys has CHANGED' : `${changed} of these keys have CHANGED`}.
          </strong>{' '}
          Approving a changed key trusts a server that may have been replaced: a rebuild, or someone intercepting the connection. Confirm with the school that the server was rebuilt before you approve.
        </p>
      )}
      {approve && changed === 0 && <p className="ui-muted">Only approve keys whose fingerprints match the ones on the schools’ servers (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub).</p>}
      {approve && revokedLeftOut > 0 && <p data-testid="hostkeys-dialog-revoked">{sites(revokedLeftOut)} left out: their key is revoked in the known_hosts file.</p>}
      {!approve && (
        <p>
          The sites stay blocked: nothing is sent to them, and a site whose key changed keeps its open incident. A rejected key is not offered again; a different key is.
        </p>
      )}
    </ConfirmDialog>
  );
}
