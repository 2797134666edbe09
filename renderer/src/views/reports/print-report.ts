// "Print / PDF": on the desktop, main renders the page to a PDF and asks where to save it
// (Electron's printToPDF); in browser mode, the browser's own print dialog, where "Save as
// PDF" is one of the printers. Both use the print stylesheet in reports.css.
import type { DesktopBridge } from '../../../../shared/desktop-bridge.ts';

export type PrintOutcome = { kind: 'printed' } | { kind: 'saved'; path: string } | { kind: 'cancelled' } | { kind: 'failed'; message: string };

export async function printReport(): Promise<PrintOutcome> {
  const bridge = (globalThis as { b2b?: Partial<DesktopBridge> }).b2b;
  if (!bridge?.printToPdf) {
    window.print();
    return { kind: 'printed' };
  }
  const r = await bridge.printToPdf();
  if (!r.ok) return { kind: 'failed', message: r.error.message };
  return r.data.path === null ? { kind: 'cancelled' } : { kind: 'saved', path: r.data.path };
}
