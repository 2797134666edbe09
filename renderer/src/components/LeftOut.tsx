// The sites a run or rollout left out, each with why: folded away, since it is read once.
export function LeftOut({ skipped, testId }: { skipped: ReadonlyArray<{ siteId: number; siteName: string; why: string }>; testId: string }) {
  if (skipped.length === 0) return null;
  return (
    <details className="run-skipped" data-testid={testId}>
      <summary>{skipped.length === 1 ? '1 site was left out' : `${skipped.length} sites were left out`}</summary>
      <ul>
        {skipped.map((s) => (
          <li key={s.siteId}>
            <strong>{s.siteName}</strong>: {s.why}
          </li>
        ))}
      </ul>
    </details>
  );
}
