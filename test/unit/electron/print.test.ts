// print.ts against a stand-in `electron`: only our window may ask, the PDF is A4 from the
// print stylesheet, and it is written where the person chose (or nowhere if they cancel).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRINT_PDF_CHANNEL } from '../../../shared/desktop-bridge.ts';
import { printToPdf, registerPrintToPdf } from '../../../electron/main/print.ts';

const world = vi.hoisted(() => ({ savePath: null as string | null, dialogCalls: 0 }));
vi.mock('electron', () => ({
  BrowserWindow: { fromWebContents: () => ({ id: 1 }) },
  dialog: {
    showSaveDialog: () => {
      world.dialogCalls += 1;
      return Promise.resolve(world.savePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: world.savePath });
    },
  },
}));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-print-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const printed = vi.fn((_options: unknown) => Promise.resolve(Buffer.from('%PDF-1.7 test')));
function event(url = 'app://console/index.html', id = 7, parent: unknown = null): IpcMainInvokeEvent {
  return { sender: { id, printToPDF: printed }, senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}
const log = { warn: vi.fn() };
const deps = { isOurWebContents: (id: number) => id === 7, log };

beforeEach(() => {
  world.savePath = null;
  world.dialogCalls = 0;
  printed.mockClear();
});

describe('print to PDF', () => {
  it('registers on its own main-only channel', () => {
    const handle = vi.fn();
    registerPrintToPdf({ handle }, deps);
    expect(handle).toHaveBeenCalledWith(PRINT_PDF_CHANNEL, expect.any(Function));
  });

  it('refuses other windows, other pages and sub-frames without printing', async () => {
    for (const e of [event(undefined, 8), event('https://example.org/'), event(undefined, 7, { url: 'app://console/index.html', parent: null })]) {
      await expect(printToPdf(e, deps)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(printed).not.toHaveBeenCalled();
    expect(world.dialogCalls).toBe(0);
  });

  it('prints A4 with the page’s own print CSS and saves where the person chose', async () => {
    world.savePath = path.join(dir, 'report.pdf');
    await expect(printToPdf(event(), deps)).resolves.toEqual({ ok: true, data: { path: world.savePath } });
    expect(printed).toHaveBeenCalledWith(expect.objectContaining({ pageSize: 'A4', preferCSSPageSize: true, printBackground: true }));
    expect(fs.readFileSync(world.savePath, 'utf8')).toBe('%PDF-1.7 test');
  });

  it('answers a null path when the save dialog is cancelled', async () => {
    await expect(printToPdf(event(), deps)).resolves.toEqual({ ok: true, data: { path: null } });
  });

  it('turns a failure into a Result with a message', async () => {
    printed.mockImplementationOnce(() => Promise.reject(new Error('renderer gone')));
    await expect(printToPdf(event(), deps)).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('renderer gone') as unknown } });
  });
});
