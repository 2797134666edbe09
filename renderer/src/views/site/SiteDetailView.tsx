// Placeholder until the site detail view lands (owned by the detail/reports work).
export function SiteDetailView({ siteId, onBack }: { siteId: number; onBack: () => void }) {
  return (
    <section aria-label="Site detail">
      <button type="button" onClick={onBack}>
        Back
      </button>
      <h2>Site {siteId}</h2>
    </section>
  );
}
