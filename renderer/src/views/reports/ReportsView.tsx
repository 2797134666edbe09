// Placeholder until the reports view lands (owned by the detail/reports work).
export function ReportsView() {
  return <h2>Reports</h2>;
}
