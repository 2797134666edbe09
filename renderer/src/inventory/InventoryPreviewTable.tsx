// The rows of an inventory import as the preview found them. File text is shown as React text only.
import type { InventoryRow } from '../../../shared/inventory.ts';
import { FIELD_LABELS } from './inventory-model.ts';

export function InventoryPreviewTable({ rows }: { rows: readonly InventoryRow[] }) {
  return (
    <table className="sites-table inventory-rows" data-testid="inventory-rows">
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">URN</th>
          <th scope="col">Site</th>
          <th scope="col">What happens</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.line} className={`inventory-${r.kind}`} data-testid={`inventory-line-${r.line}`}>
            <td>{r.line}</td>
            <td>{r.kind === 'change' ? r.change.urn : r.urn}</td>
            <td>{r.kind === 'change' ? r.change.name : r.kind === 'unchanged' ? r.name : ''}</td>
            <td>
              {r.kind === 'unchanged' && <span className="muted">No change</span>}
              {r.kind === 'invalid' && <span className="inventory-reason">Not used: {r.reason}</span>}
              {r.kind === 'change' && (
                <ul className="inventory-changes">
                  {r.change.changes.map((c) => (
                    <li key={c.field}>
                      {FIELD_LABELS[c.field]}: <span className="mono">{c.before || '(none)'}</span> → <span className="mono">{c.after || '(none)'}</span>
                    </li>
                  ))}
                  {r.change.forgetsHostKey && <li className="muted">The pinned host key is forgotten: approve the new address's key after its first poll.</li>}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
