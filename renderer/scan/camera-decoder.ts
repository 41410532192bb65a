import Quagga, { type QuaggaJSConfigObject, type QuaggaJSResultObject } from '@ericblade/quagga2';
import { checkBarcode } from '../../shared/domain/barcode';
import { consensusStep, DEFAULT_CONSENSUS, INITIAL_CONSENSUS, type ConsensusConfig, type ConsensusState } from '../../shared/scan/read-consensus';

/**
 * Camera barcode decoding, kept apart from the camera: it takes one still image (a data URL, a URL, a file path
 * or bytes in Node) and answers the code on it or null. Only the symbologies the shops label with are enabled:
 * every extra reader is another way to misread a blurred frame.
 */
export const CAMERA_READERS = ['ean_reader', 'ean_8_reader', 'upc_reader', 'code_128_reader'] as const;

const FORMATS: Record<string, true> = { ean_13: true, ean_8: true, upc_a: true, code_128: true };

/**
 * Quagga reports how far each decoded symbol's bar widths were from the ideal; a read pieced together from
 * poorly matching symbols is more likely wrong, so it is dropped before it can even join the consensus.
 */
export const MAX_MEAN_SYMBOL_ERROR = 0.3;

export function decoderConfig(src: string | Uint8Array, size = 800, mime?: string, locate = true): QuaggaJSConfigObject {
  return {
    src,
    numOfWorkers: 0,
    locate,
    inputStream: { size, singleChannel: false, ...(mime !== undefined ? { mime } : {}) },
    locator: { patchSize: 'medium', halfSample: true },
    decoder: { readers: [...CAMERA_READERS], multiple: false },
  };
}

/** The code of one decoder result, or null when there is none or it should not be trusted. */
export function trustedCode(result: QuaggaJSResultObject | undefined): string | null {
  const cr = result?.codeResult;
  if (cr === undefined || cr.code === null || cr.code === undefined || !FORMATS[cr.format]) return null;
  const errors = cr.decodedCodes.map((d) => d.error).filter((e): e is number => typeof e === 'number');
  if (errors.length > 0 && errors.reduce((a, b) => a + b, 0) / errors.length > MAX_MEAN_SYMBOL_ERROR) return null;
  // UPC-A is read as a 13-digit EAN with a leading 0 by ean_reader; the check digit rule is the same.
  return checkBarcode(cr.code).ok ? cr.code : null;
}

async function decodeOnce(config: QuaggaJSConfigObject): Promise<string | null> {
  try {
    return trustedCode(await Quagga.decodeSingle(config));
  } catch {
    // An unreadable frame is a frame without a barcode, not a failure of the scanner.
    return null;
  }
}

/**
 * Locating first finds a barcode anywhere in the frame and at any angle; when the locator misses (small or
 * low-contrast symbols), a plain pass across the middle of the frame still reads a code held up straight.
 */
export async function decodeImage(src: string | Uint8Array, opts: { size?: number; mime?: string } = {}): Promise<string | null> {
  return (
    (await decodeOnce(decoderConfig(src, opts.size, opts.mime, true))) ??
    (await decodeOnce(decoderConfig(src, opts.size, opts.mime, false)))
  );
}

/**
 * A run of frames from one camera: each frame is decoded, then the consensus decides whether a code is
 * accepted. Returns the accepted code, or null for "keep looking".
 */
export class CameraScanSession {
  private state: ConsensusState = INITIAL_CONSENSUS;
  constructor(
    private readonly decode: (src: string) => Promise<string | null> = (src) => decodeImage(src),
    private readonly cfg: ConsensusConfig = DEFAULT_CONSENSUS,
  ) {}

  async frame(src: string, at: number): Promise<string | null> {
    const code = await this.decode(src);
    const verdict = consensusStep(this.state, code, at, this.cfg);
    this.state = verdict.state;
    return verdict.accepted;
  }
}
