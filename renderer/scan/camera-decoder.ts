import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { CameraScanSession, prepareZxing, type CameraFrame, type Region } from '../../shared/scan/camera-decoders';

/**
 * The camera decoders in the browser. The zxing WebAssembly file is bundled with the UI (Vite copies it and
 * gives its URL), so the scanner works offline and never asks a CDN. Loaded only when the camera opens.
 */
prepareZxing({ locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) });

/**
 * One video frame at the camera's full size: scaling it down first loses the thin bars of a small label. The
 * RGBA pixels go to zxing; quagga gets a PNG of the region zxing found a code in, made only then (the loop waits
 * for each frame's decoding before it draws the next, so the canvas still holds this frame).
 */
export function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): CameraFrame | null {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (width === 0 || height === 0) return null;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) return null;
  ctx.drawImage(video, 0, 0, width, height);
  const image = ctx.getImageData(0, 0, width, height);
  return { image, encoded: (region) => regionDataUrl(canvas, region) };
}

function regionDataUrl(canvas: HTMLCanvasElement, r: Region): string {
  const out = document.createElement('canvas');
  out.width = r.width;
  out.height = r.height;
  out.getContext('2d')?.drawImage(canvas, r.x, r.y, r.width, r.height, 0, 0, r.width, r.height);
  return out.toDataURL('image/png');
}

export function newCameraSession(): CameraScanSession {
  return new CameraScanSession();
}
