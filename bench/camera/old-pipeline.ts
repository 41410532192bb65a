import Quagga, { type QuaggaJSConfigObject } from '@ericblade/quagga2';
import { checkBarcode } from '../../shared/domain/barcode';
import { trustedQuaggaCode } from '../../shared/scan/camera-decoders';
import { halve, type LumaFrame } from '../../shared/scan/test-support/labels';
import { pngDataUrl } from './node-frames';

/**
 * The camera pipeline as it was before the two-decoder consensus, kept only as the bench's reference so the new
 * figures are compared with the old ones on the same labels in the same run: the camera screen drew a
 * 1280-wide camera into a 640-wide canvas, quagga located (and, when that failed, read across the middle with
 * the locator off), and the consensus below dropped the accepted code's later reads as "cooldown".
 * The consensus is the old shared/scan/read-consensus.ts, unchanged.
 */

interface OldConsensusConfig {
  frames: number;
  windowMs: number;
  cooldownMs: number;
}

const OLD_DEFAULT: OldConsensusConfig = { frames: 3, windowMs: 1500, cooldownMs: 2000 };

export interface OldConsensusState {
  reads: readonly { code: string; at: number }[];
  lastAccepted: { code: string; at: number } | null;
}

export const OLD_INITIAL: OldConsensusState = { reads: [], lastAccepted: null };

/** Feeds one decoded frame. `code` null means the frame had no barcode; it only ages the window. */
export function oldConsensusStep(
  state: OldConsensusState,
  code: string | null,
  at: number,
  cfg: OldConsensusConfig = OLD_DEFAULT,
): { state: OldConsensusState; accepted: string | null; dropped: 'invalid' | 'cooldown' | null } {
  const recent = state.reads.filter((r) => at - r.at <= cfg.windowMs);
  if (code === null) return { state: { ...state, reads: recent }, accepted: null, dropped: null };

  const check = checkBarcode(code);
  if (!check.ok) return { state: { ...state, reads: recent }, accepted: null, dropped: 'invalid' };

  const last = state.lastAccepted;
  if (last !== null && last.code === check.code && at - last.at < cfg.cooldownMs) {
    // Holding the code in view keeps the cooldown alive, so it takes a real pause to scan the same item again.
    return { state: { reads: recent, lastAccepted: { code: last.code, at } }, accepted: null, dropped: 'cooldown' };
  }

  const reads = [...recent, { code: check.code, at }];
  const agreeing = reads.filter((r) => r.code === check.code).length;
  // Other valid codes in the same window mean the camera is unsure (or sees two items): wait for a clear majority.
  const disagreeing = reads.length - agreeing;
  if (agreeing >= cfg.frames && agreeing > disagreeing) {
    return {
      state: { reads: reads.filter((r) => r.code !== check.code), lastAccepted: { code: check.code, at } },
      accepted: check.code,
      dropped: null,
    };
  }
  return { state: { ...state, reads }, accepted: null, dropped: null };
}

function oldConfig(src: string, locate: boolean): QuaggaJSConfigObject {
  return {
    src,
    numOfWorkers: 0,
    locate,
    inputStream: { size: 800, singleChannel: false, mime: 'image/png' },
    locator: { patchSize: 'medium', halfSample: true },
    decoder: { readers: ['ean_reader', 'ean_8_reader', 'upc_reader', 'code_128_reader'], multiple: false },
  };
}

async function oldDecodeOnce(config: QuaggaJSConfigObject): Promise<string | null> {
  try {
    const result = await Quagga.decodeSingle(config);
    // The old filter kept 12-digit UPC-A answers as they were; trustedQuaggaCode only adds the leading 0.
    return trustedQuaggaCode(result);
  } catch {
    return null;
  }
}

/** The old decoder on one full camera frame: halved to 640 wide, located, then the locate:false fallback. */
export async function oldDecodeFrame(frame: LumaFrame): Promise<string | null> {
  const src = pngDataUrl(halve(frame));
  return (await oldDecodeOnce(oldConfig(src, true))) ?? (await oldDecodeOnce(oldConfig(src, false)));
}

export class OldCameraSession {
  private state: OldConsensusState = OLD_INITIAL;
  async frame(frame: LumaFrame, at: number): Promise<string | null> {
    const verdict = oldConsensusStep(this.state, await oldDecodeFrame(frame), at);
    this.state = verdict.state;
    return verdict.accepted;
  }
}
