// Desktop "Print / PDF" for the reports: main renders the asking window to an A4 PDF with
// Electron's printToPDF (using the page's print stylesheet) and saves it where the person
// chooses. A main-process-only channel: it never reaches the core, and, like every contract
// channel, only our own window's top frame may call it.
import fs from 'node:fs/promises';
import { BrowserWindow, dialog, type IpcMainInvokeEvent, type SaveDialogOptions } from 'electron';
import { PRINT_PDF_CHANNEL, type PrintPdfResult } from '../../shared/desktop-bridge.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { isTrustedSender, type WarnLogger } from './ipc.ts';

export interface PrintDeps {
  isOurWebContents: (id: number) => boolean;
  log: WarnLogger;
}

/** The part of ipcMain used here, so tests can hand in a stand-in. */
export interface PrintIpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent) => Promise<Result<PrintPdfResult>>): void;
}

export function registerPrintToPdf(ipcMain: PrintIpcMain, deps: PrintDeps): void {
  ipcMain.handle(PRINT_PDF_CHANNEL, (event) => printToPdf(event, deps));
}

export async function printToPdf(event: IpcMainInvokeEvent, deps: PrintDeps): Promise<Result<PrintPdfResult>> {
  if (!isTrustedSender(event, deps.isOurWebContents)) {
    deps.log.warn('refused print to PDF from a foreign sender', { url: event.senderFrame?.url.slice(0, 200) ?? null });
    return fail('forbidden', 'This request did not come from the console window');
  }
  try {
    const pdf = await event.sender.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, generateTaggedPDF: true, generateDocumentOutline: true });
    const options: SaveDialogOptions = {
      title: 'Save the report as PDF',
      defaultPath: `b2b-uptime-report-${new Date().toISOString().slice(0, 10)}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    };
    const win = BrowserWindow.fromWebContents(event.sender);
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return ok({ path: null });
    await fs.writeFile(choice.filePath, pdf);
    return ok({ path: choice.filePath });
  } catch (err) {
    deps.log.warn('print to PDF failed', { err });
    return fail('internal', `The PDF could not be made or saved: ${err instanceof Error ? err.message : String(err)}`);
  }
}
