import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { BranchResult } from '../../shared/api/branch-api';
import { openTillRuntime } from '../web/till-runtime';
import type { TillRuntime } from '../web/till-runtime';
import { APP_ORIGIN, isAppUrl, registerAppScheme, serveRendererBuild } from './app-protocol';
import { TILL_CALL_CHANNEL } from './ipc-channels';
import { parseShellArgs } from './shell-args';
import { saveReceiptPdf } from './receipt-pdf';
import { chromiumReceiptRenderer } from './receipt-raster';

/**
 * The desktop till: one window showing the renderer, one IPC channel to the backend. Everything the page may do
 * goes through the branch API's dispatcher, which validates inputs and checks the session.
 */

registerAppScheme();

// Two instances would open the same database and run two sync loops pushing the same operations.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  main().catch((err: unknown) => {
    // A corrupted database or a till that was never set up: say so plainly instead of opening a broken window.
    dialog.showErrorBox('Till cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

async function main(): Promise<void> {
  const args = parseShellArgs(process.argv.slice(1));
  let till: TillRuntime | null = null;
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (till === null) return;
    // Let a running sync cycle finish and release its lease, then close the database (a clean WAL checkpoint).
    event.preventDefault();
    const closing = till;
    till = null;
    void closing.close().finally(() => app.quit());
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  await app.whenReady();

  const dbPath = args.dbPath ?? join(app.getPath('userData'), 'till.sqlite');
  const runtime = openTillRuntime({
    dbPath,
    receiptRenderer: chromiumReceiptRenderer(join(__dirname, 'preload.cjs')),
    ...(args.serverUrl !== undefined && args.token !== undefined ? { sync: { serverUrl: args.serverUrl, token: args.token } } : {}),
  });
  till = runtime;

  serveRendererBuild(join(app.getAppPath(), 'renderer', 'dist'));
  lockDownSession();

  ipcMain.handle(TILL_CALL_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<BranchResult<unknown>> => {
    if (!isFromAppPage(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'only the till page may call the till' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'the method must be a string' } };
    try {
      return await runtime.backend.dispatch(method, input);
    } catch (err) {
      // The dispatcher answers every failure as a BranchResult; a throw is a bug, so log it and answer the same way.
      console.error('till:call', method, err);
      return { ok: false, error: { code: 'INTERNAL', message: 'the till could not handle this request' } };
    }
  });

  mainWindow = createMainWindow();
  Menu.setApplicationMenu(buildMenu(() => mainWindow));
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Till',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  guardNavigation(win.webContents);
  return win;
}

/** Only the main frame of the app's own page may call the backend: not an iframe, not a page it navigated to. */
function isFromAppPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

function guardNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // The conflicts queue links customers' phone numbers: hand those to the system dialer, open nothing else.
    if (url.startsWith('tel:') || url.startsWith('mailto:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) => {
    // The camera scanner needs the camera; nothing else (notifications, geolocation, ...) is ever granted.
    const fromApp = isAppUrl(details.requestingUrl) && contents.getURL().startsWith(APP_ORIGIN);
    callback(fromApp && permission === 'media');
  });
}

function buildMenu(currentWindow: () => BrowserWindow | null): Menu {
  return Menu.buildFromTemplate([
    {
      label: 'Till',
      submenu: [
        {
          label: 'Save receipt as PDF…',
          accelerator: 'CmdOrCtrl+Shift+P',
          click: () => {
            const win = currentWindow();
            if (win !== null) void saveReceiptPdf(win);
          },
        },
        { label: 'Print…', accelerator: 'CmdOrCtrl+P', click: () => currentWindow()?.webContents.print() },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ]);
}
