import Quagga, { type QuaggaJSConfigObject, type QuaggaJSResultObject } from '@ericblade/quagga2';
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ZXingModuleOverrides } from 'zxing-wasm/reader';
import { checkBarcode } from '../domain/barcode';
import { consensusStep, DEFAULT_CONSENSUS, INITIAL_CONSENSUS, type ConsensusConfig, type ConsensusState, type FrameReads } from './read-consensus';

/**
 * Camera barcode decoding, apart from the camera: two independent decoders (zxing-cpp compiled to WebAssembly,
 * and quagga2) read each frame, and a code counts as read in a frame only when both answer the same code. The
 * two share no code and fail differently (quagga pieces EAN-8 answers out of longer symbols; zxing rarely
 * misreads but misses more on tiny modules), so a misread must happen twice, the same way, to get through.
 * The same module runs in the browser and in Node; what differs (where the zxing WebAssembly file is, how a
 * frame becomes an image file for quagga) is handed in by the caller.
 */

/** The pixels of one camera frame, in the shape of a canvas's ImageData. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** A rectangle of a frame, in its pixels. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CameraFrame {
  readonly image: RgbaImage;
  /** a region of the frame, at full resolution, as an image URL quagga can load (a data: URL) */
  encoded(region: Region): Promise<string> | string;
}

/** One decoder's answer: the code, and where in the frame it was found when the decoder says so. */
export interface DecoderRead {
  code: string;
  region?: Region;
}

/** `hint` is where an earlier decoder found a code: a decoder may look there first. */
export type FrameDecoder = (frame: CameraFrame, hint?: Region) => Promise<DecoderRead | null>;

/** Only the symbologies the shops label with: every extra reader is another way to misread a blurred frame. */
export const QUAGGA_READERS = ['ean_reader', 'ean_8_reader', 'upc_reader', 'code_128_reader'] as const;
const QUAGGA_FORMATS: Record<string, true> = { ean_13: true, ean_8: true, upc_a: true, code_128: true };

/**
 * Quagga reports how far each decoded symbol's bar widths were from the ideal; a read pieced together from
 * poorly matching symbols is more likely wrong, so it is dropped before it can even join the consensus.
 */
export const MAX_MEAN_SYMBOL_ERROR = 0.3;

/** One code form for the cart: a UPC-A (12 digits) is the GTIN-13 with a leading zero, as EAN readers see it. */
export function normalizeCode(raw: string): string | null {
  const code = /^\d{12}$/.test(raw) ? `0${raw}` : raw;
  const check = checkBarcode(code);
  return check.ok ? check.code : null;
}

/**
 * Quagga finds the barcode anywhere in its image (the locator) and decodes along it, at the image's own size:
 * no scaling down, so small modules keep their pixels. There is no second pass with the locator off:
 * that pass read across the middle of whatever was there and added about as many wrong codes as right ones.
 */
export function quaggaConfig(src: string, width: number, height: number): QuaggaJSConfigObject {
  return {
    src,
    numOfWorkers: 0,
    locate: true,
    inputStream: { size: Math.max(width, height), singleChannel: false },
    // The locator works on a grid of patches tuned for images of about 800 px: a region around a symbol is
    // located at full resolution, a whole 1280-wide frame (or a region as large) at half.
    locator: { patchSize: 'medium', halfSample: Math.max(width, height) > 800 },
    decoder: { readers: [...QUAGGA_READERS], multiple: false },
  };
}

/** The code of one quagga result, or null when there is none or it should not be trusted. */
export function trustedQuaggaCode(result: QuaggaJSResultObject | undefined): string | null {
  const cr = result?.codeResult;
  if (cr === undefined || cr.code === null || cr.code === undefined || !QUAGGA_FORMATS[cr.format]) return null;
  const errors = cr.decodedCodes.map((d) => d.error).filter((e): e is number => typeof e === 'number');
  if (errors.length > 0 && errors.reduce((a, b) => a + b, 0) / errors.length > MAX_MEAN_SYMBOL_ERROR) return null;
  return normalizeCode(cr.code);
}

/**
 * Quagga reads the part of the frame where zxing found a symbol (at full resolution, with room around it to
 * locate the symbol again itself): the decoding is quagga's own, and on a 1280x720 frame this is several times
 * faster than the whole frame, which matters on the UI thread. Without a hint it reads the whole frame.
 */
export const quaggaDecoder: FrameDecoder = async (frame, hint) => {
  const region = hint ?? { x: 0, y: 0, width: frame.image.width, height: frame.image.height };
  try {
    const src = await frame.encoded(region);
    const code = trustedQuaggaCode(await Quagga.decodeSingle(quaggaConfig(src, region.width, region.height)));
    return code === null ? null : { code };
  } catch {
    // An unreadable frame is a frame without a barcode, not a failure of the scanner.
    return null;
  }
};

export const ZXING_OPTIONS: ReaderOptions = {
  formats: ['EAN13', 'EAN8', 'UPCA', 'Code128'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: true,
  // Two symbols in view is two items: answer nothing rather than pick one.
  maxNumberOfSymbols: 2,
  eanAddOnSymbol: 'Ignore',
};

let zxingPrepared = false;

/**
 * Where the zxing WebAssembly binary comes from. Must be called before the first frame: left alone, the
 * library would fetch it from a CDN, and a till works offline.
 */
export function prepareZxing(overrides: ZXingModuleOverrides): void {
  prepareZXingModule({ overrides });
  zxingPrepared = true;
}

/**
 * The region around a symbol whose corners zxing gave: for a 1D code those are the ends of the scan lines, so
 * it is widened to twice its width, and as tall: quiet zones, bars, and enough of the surroundings for quagga's
 * locator, which works on a grid of patches and misses a symbol that fills its whole image.
 */
export function regionAround(points: readonly { x: number; y: number }[], width: number, height: number): Region {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(...ys) - Math.min(...ys);
  const size = Math.max(w, h, 40);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const half = size;
  const x0 = Math.max(0, Math.floor(cx - half));
  const y0 = Math.max(0, Math.floor(cy - half));
  const x1 = Math.min(width, Math.ceil(cx + half));
  const y1 = Math.min(height, Math.ceil(cy + half));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export const zxingDecoder: FrameDecoder = async (frame) => {
  if (!zxingPrepared) throw new Error('prepareZxing() was not called: the zxing WebAssembly file has no local source');
  const { width, height, data } = frame.image;
  // zxing takes anything ImageData-shaped ({width, height, data} as RGBA), which Node has no class for.
  const input = { width, height, data, colorSpace: 'srgb' } as unknown as Parameters<typeof readBarcodes>[0];
  const results = (await readBarcodes(input, ZXING_OPTIONS)).filter((r) => r.isValid);
  const only = results.length === 1 ? results[0] : undefined;
  const code = only === undefined ? null : normalizeCode(only.text);
  if (only === undefined || code === null) return null;
  const { topLeft, topRight, bottomLeft, bottomRight } = only.position;
  return { code, region: regionAround([topLeft, topRight, bottomLeft, bottomRight], width, height) };
};

/**
 * Both decoders on one frame. Quagga runs only when zxing saw a code, and on the region zxing saw it in: a
 * frame zxing finds nothing in cannot be agreed on, and quagga is the slower of the two.
 */
export async function readFrame(
  frame: CameraFrame,
  decoders: readonly FrameDecoder[] = [zxingDecoder, quaggaDecoder],
  /** true when a sighting of this code is all the consensus needs (it is the code already held in view) */
  sightingEnough: (code: string) => boolean = () => false,
): Promise<FrameReads> {
  const codes: (string | null)[] = [];
  let hint: Region | undefined;
  for (const decode of decoders) {
    if (codes.length > 0 && codes.every((c) => c === null)) {
      codes.push(null);
      continue;
    }
    const read = await decode(frame, hint);
    if (codes.length === 0 && read !== null && sightingEnough(read.code)) return { agreed: null, seen: [read.code] };
    codes.push(read?.code ?? null);
    hint ??= read?.region;
  }
  return agreement(codes);
}

/** One frame's answers from every decoder, as the consensus takes them. */
export function agreement(codes: readonly (string | null)[]): FrameReads {
  const seen = [...new Set(codes.filter((c): c is string => c !== null))];
  const agreed = seen.length === 1 && codes.every((c) => c !== null) ? seen[0]! : null;
  return { agreed, seen };
}

/**
 * A run of frames from one camera: each frame is read by both decoders, then the consensus decides whether a
 * code is accepted. Returns the accepted code, or null for "keep looking".
 */
export class CameraScanSession {
  private state: ConsensusState = INITIAL_CONSENSUS;
  constructor(
    private readonly read: (frame: CameraFrame, sightingEnough: (code: string) => boolean) => Promise<FrameReads> = (frame, enough) =>
      readFrame(frame, undefined, enough),
    private readonly cfg: ConsensusConfig = DEFAULT_CONSENSUS,
  ) {}

  async frame(frame: CameraFrame, at: number): Promise<string | null> {
    // While an accepted code stays in view, seeing it again only keeps the hold alive: no need to confirm it.
    const held = this.state.held?.code;
    const verdict = consensusStep(this.state, await this.read(frame, (code) => code === held), at, this.cfg);
    this.state = verdict.state;
    return verdict.accepted;
  }
}
