import fs from 'node:fs/promises';
import { BrowserWindow, dialog, type WebContents } from 'electron';
import { PDF_WINDOW_OPTIONS, withContentSecurityPolicy } from './hardening';

export const PRINT_PDF_CHANNEL = 'floorwalk:print-pdf';
const MAX_REPORT_CHARS = 64 * 1024 * 1024;

/**
 * Desktop only: turns a report's HTML (the audit report) into a PDF with Chromium's printToPDF and saves
 * it where the technician chooses. The HTML is rendered in a hidden window with JavaScript off and no
 * preload, so a report can never reach the bridge; it is self-contained (inline SVG and styles).
 */
export async function saveHtmlAsPdf(sender: WebContents, html: unknown, suggestedName: unknown): Promise<unknown> {
  if (typeof html !== 'string' || html.length > MAX_REPORT_CHARS) return { ok: false, error: { code: 'invalid_input', message: 'report missing or too large' } };
  const name = typeof suggestedName === 'string' && /^[\w.-]{1,120}$/.test(suggestedName) ? suggestedName : 'floorwalk-report.pdf';
  const owner = BrowserWindow.fromWebContents(sender);
  const choice = owner
    ? await dialog.showSaveDialog(owner, { defaultPath: name, filters: [{ name: 'PDF', extensions: ['pdf'] }] })
    : await dialog.showSaveDialog({ defaultPath: name, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  if (choice.canceled || !choice.filePath) return { ok: true, result: { saved: null } };
  const hidden = new BrowserWindow(PDF_WINDOW_OPTIONS);
  try {
    // Its own CSP in the document: nothing may load from anywhere (a report names no URL it needs).
    await hidden.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(withContentSecurityPolicy(html))}`);
    const pdf = await hidden.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    await fs.writeFile(choice.filePath, pdf);
    return { ok: true, result: { saved: choice.filePath, bytes: pdf.length } };
  } catch (error) {
    return { ok: false, error: { code: 'io_error', message: `Could not write the PDF: ${(error as Error).message}` } };
  } finally {
    hidden.destroy();
  }
}
