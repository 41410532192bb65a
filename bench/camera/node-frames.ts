import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { prepareZxing, type CameraFrame, type Region } from '../../shared/scan/camera-decoders';
import { toRgba, type LumaFrame } from '../../shared/scan/test-support/labels';

/**
 * The camera decoders in Node, for tests and the bench: zxing's WebAssembly binary is read from node_modules
 * (never fetched), and a frame reaches quagga as a PNG data URL, which quagga's Node build decodes with sharp.
 */
let prepared = false;

export function prepareNodeDecoders(): void {
  if (prepared) return;
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZxing({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
  prepared = true;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit greyscale PNG of a luminance frame, as a data: URL. */
export function pngDataUrl(frame: LumaFrame): string {
  const { width, height, luma } = frame;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(luma.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** A region of a luminance frame, at full resolution. */
export function crop(frame: LumaFrame, r: Region): LumaFrame {
  const luma = new Uint8Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) luma.set(frame.luma.subarray((r.y + y) * frame.width + r.x, (r.y + y) * frame.width + r.x + r.width), y * r.width);
  return { width: r.width, height: r.height, luma };
}

/** A luminance frame as the decoders take it: RGBA pixels, and a PNG of a region made only if quagga asks. */
export function cameraFrame(frame: LumaFrame): CameraFrame {
  return {
    image: { width: frame.width, height: frame.height, data: toRgba(frame) },
    encoded: (region) => pngDataUrl(crop(frame, region)),
  };
}
