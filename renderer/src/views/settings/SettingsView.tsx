// Placeholder until the settings view lands (owned by the settings work).
export function SettingsView() {
  return <h2>Settings</h2>;
}
