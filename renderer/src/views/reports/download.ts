// Saves text as a file through the browser's download, which works the same in browser
// mode and in the desktop window (Electron asks where to save).
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8', bom = true): void {
  // A byte-order mark so Excel reads school names with accents as UTF-8 (JSON lines go without:
  // a BOM would break the first line for machine readers).
  const blob = new Blob(bom ? ['\uFEFF', text] : [text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: revoking at once can cancel the download before it starts.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
