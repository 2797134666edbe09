import { useCallback, useEffect, useState } from 'react';
import type { CredentialInfoView } from '../../../../shared/contract.ts';
import { useApi } from '../../api/api-context.tsx';
import { RecentRotations } from '../../keys/RecentRotations.tsx';
import { KeyForm } from './KeyForm.tsx';
import { Section, StatusLine } from './Section.tsx';
import type { SectionStatus } from './use-section-save.ts';

const USES: Record<string, string> = { default: 'Used for every real site', demo: 'Used by the demo fleet only' };

export function CredentialsSection() {
  const api = useApi();
  const [list, setList] = useState<CredentialInfoView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      api.call('credentials.list', {}).then((r) => {
        if (r.ok) {
          setList(r.data);
          setLoadError(null);
        } else setLoadError(r.error.message);
      }),
    [api],
  );
  useEffect(() => void reload(), [reload]);

  return (
    <Section
      id="credentials"
      title="SSH credentials"
      intro={
        <>
          <p>
            The console signs in to each school's B2B server over SSH with a key pair. The key named <strong>default</strong> is used for every real site. Copy its
            public key into the B2B user's <code>~/.ssh/authorized_keys</code> on each school server (the agent installer asks for it).
          </p>
          <p>Private keys are stored encrypted and never shown again, here or in any log.</p>
        </>
      }
    >
      {loadError && (
        <p className="form-error" role="alert">
          Could not load the keys: {loadError}
        </p>
      )}
      {list === null && !loadError ? (
        <p aria-busy="true">Loading keys…</p>
      ) : list !== null && list.length === 0 ? (
        <p className="settings-empty" data-testid="credentials-empty">
          No keys yet. Add the key named <strong>default</strong> below before adding real sites, or every poll will fail to sign in.
        </p>
      ) : (
        <ul className="settings-keys" data-testid="credentials-list">
          {list?.map((c) => <KeyCard key={c.id} info={c} />)}
        </ul>
      )}
      <KeyForm existing={list?.map((c) => c.name) ?? []} onSaved={() => void reload()} />
      <RecentRotations />
    </Section>
  );
}

function KeyCard({ info }: { info: CredentialInfoView }) {
  const [status, setStatus] = useState<SectionStatus>({ kind: 'idle' });
  const copy = async () => {
    if (!info.publicKey) return;
    try {
      await navigator.clipboard.writeText(info.publicKey);
      setStatus({ kind: 'saved', message: 'Copied.' });
    } catch {
      setStatus({ kind: 'error', message: 'Could not copy: select the key and copy it by hand.' });
    }
  };
  const added = new Date(info.createdAt);
  return (
    <li className="settings-key" data-testid={`credential-${info.name}`}>
      <div className="settings-key-head">
        <strong className="mono">{info.name}</strong>
        <span className="field-hint">{USES[info.name] ?? 'Used by sites set to this key'}</span>
      </div>
      <dl className="settings-key-facts">
        <dt>Public key</dt>
        <dd>
          {info.publicKey ? (
            <span className="settings-pubkey">
              <code className="mono" data-testid={`public-key-${info.name}`}>
                {info.publicKey}
              </code>
              <button type="button" onClick={() => void copy()} aria-label={`Copy the public key of ${info.name}`}>
                Copy
              </button>
            </span>
          ) : (
            'Not known (saved by an older version)'
          )}
        </dd>
        <dt>Protected by</dt>
        <dd data-testid={`protected-by-${info.name}`}>{info.protectedBy}</dd>
        <dt>Added</dt>
        <dd>{Number.isNaN(added.getTime()) ? info.createdAt : added.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</dd>
      </dl>
      <StatusLine id={`copy-${info.name}`} status={status} />
    </li>
  );
}
