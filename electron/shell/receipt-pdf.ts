import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog } from 'electron';
import type { BrowserWindow } from 'electron';

/**
 * Saves what the window shows (the receipt view has print styles that hide everything else) as a PDF, to a file
 * the user picks, starting in Documents/Till receipts. Shops e-mail or WhatsApp these to customers.
 */
export async function saveReceiptPdf(win: BrowserWindow): Promise<string | null> {
  const folder = join(app.getPath('documents'), 'Till receipts');
  await mkdir(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const choice = await dialog.showSaveDialog(win, {
    title: 'Save receipt as PDF',
    defaultPath: join(folder, `receipt-${stamp}.pdf`),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || choice.filePath === undefined || choice.filePath === '') return null;
  const pdf = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
  await writeFile(choice.filePath, pdf);
  return choice.filePath;
}
