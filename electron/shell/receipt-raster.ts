import { BrowserWindow } from 'electron';
import type { WebContents } from 'electron';
import { printHash } from '../../shared/api/print-route';
import type { RgbaImage } from '../print/escpos-job';
import type { ReceiptRenderer } from '../services/printing';
import { APP_ORIGIN } from './app-protocol';

/** A receipt that is not drawn by then is not coming (the page failed to load the sale, or hangs). */
const READY_TIMEOUT_MS = 15_000;
/** The longest receipt drawn: a 200-line sale at 576 dots is about 9,000 px. */
const MAX_HEIGHT = 20_000;

/**
 * The receipt printer's picture, drawn by Chromium: a hidden offscreen window opens the app's own page at the
 * paper's print route (shared/api/print-route.ts), `widthDots` pixels wide, waits until the page says it is drawn,
 * and takes the picture. The page fetches the sale or Z report through the same IPC channel as the till window,
 * so it sees exactly what the cashier's screen shows, in the till's language and digits.
 */
export function chromiumReceiptRenderer(preloadPath: string): ReceiptRenderer {
  return async (route) => {
    const { widthDots } = route;
    const win = new BrowserWindow({
      show: false,
      width: widthDots,
      height: 800,
      useContentSize: true,
      frame: false,
      backgroundColor: '#ffffff',
      webPreferences: { preload: preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false, offscreen: true, spellcheck: false },
    });
    try {
      win.webContents.setZoomFactor(1);
      await win.loadURL(`${APP_ORIGIN}/index.html${printHash(route)}`);
      const height = Math.min(MAX_HEIGHT, await drawnHeight(win.webContents));
      win.setContentSize(widthDots, height);
      // one frame at the new size before the picture
      await win.webContents.executeJavaScript('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))');
      const image = await win.webContents.capturePage({ x: 0, y: 0, width: widthDots, height });
      const size = image.getSize();
      return bgraToRgba(size.width, size.height, image.toBitmap());
    } finally {
      win.destroy();
    }
  };
}

async function drawnHeight(contents: WebContents): Promise<number> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const state = (await contents.executeJavaScript(
      `(() => { const d = document.documentElement.dataset; const e = document.querySelector('[data-testid="print-error"]');
        return { ready: d.printReady === 'true', height: Number(d.printHeight ?? 0), error: e === null ? null : e.textContent }; })()`,
    )) as { ready: boolean; height: number; error: string | null };
    if (state.error !== null) throw new Error(`the paper could not be drawn: ${state.error}`);
    if (state.ready && state.height > 0) return state.height;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the paper was not drawn in time');
}

/** NativeImage.toBitmap() is BGRA (premultiplied, opaque here: the page is white); the encoder takes RGBA. */
function bgraToRgba(width: number, height: number, bgra: Buffer): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = bgra[i + 2]!;
    data[i + 1] = bgra[i + 1]!;
    data[i + 2] = bgra[i]!;
    data[i + 3] = 255;
  }
  return { width, height, data };
}
