import { CameraScanSession } from '../shared/scan/camera-decoders';
import { FRAME_INTERVAL_MS, HOLD_FRAMES, describeOutcome, scoreHolds, type HoldOutcome, type HoldScore } from '../shared/scan/test-support/holds';
import { labelSet, renderFrame, type HoldKind } from '../shared/scan/test-support/labels';
import { OldCameraSession } from './camera/old-pipeline';
import { cameraFrame, prepareNodeDecoders } from './camera/node-frames';
import type { Figure } from './figures';
import { round } from './figures';

/**
 * The camera scanner on a seeded set of distorted labels (shared/scan/test-support/labels.ts): every label is
 * held steady for 15 frames and held by a moving hand for 15 frames, 100 ms apart. Each frame is rendered once
 * and fed to both the current pipeline (zxing and quagga must agree, full-width frames, the holding
 * consensus) and the old one (quagga alone on a halved frame with the locate:false fallback, the cooldown
 * consensus), so the old figures are the reference measured on the same frames in the same run.
 * Zero wrong acceptances is the bar; read rate second. CAMERA_BENCH_LABELS sets the number of labels.
 */
export const CAMERA_BENCH_SEED = 20261201;
const LABELS = Number(process.env.CAMERA_BENCH_LABELS ?? 40);

export async function run(): Promise<Figure[]> {
  prepareNodeDecoders();
  const current: HoldOutcome[] = [];
  const old: HoldOutcome[] = [];
  const labels = labelSet(CAMERA_BENCH_SEED, LABELS);
  for (const label of labels) {
    for (const kind of ['steady', 'jittered'] as HoldKind[]) {
      const session = new CameraScanSession();
      const reference = new OldCameraSession();
      const got: string[] = [];
      const gotOld: string[] = [];
      for (let i = 0; i < HOLD_FRAMES; i++) {
        const frame = renderFrame(label, kind, i);
        const at = i * FRAME_INTERVAL_MS;
        const a = await session.frame(cameraFrame(frame), at);
        if (a !== null) got.push(a);
        const b = await reference.frame(frame, at);
        if (b !== null) gotOld.push(b);
      }
      current.push({ label, kind, accepted: got });
      old.push({ label, kind, accepted: gotOld });
    }
    if ((label.index + 1) % 10 === 0) console.error(`camera: ${label.index + 1}/${labels.length} labels`);
  }
  for (const [name, outcomes] of [['current', current], ['old', old]] as const) {
    for (const o of outcomes) {
      if (o.accepted.some((c) => c !== o.label.code) || o.accepted.length > 1) console.error(`camera ${name}: ${describeOutcome(o)}`);
    }
  }
  const now = scoreHolds(current);
  const ref = scoreHolds(old);
  const rate = (s: HoldScore): number => round(s.read / s.holds, 4);
  return [
    { name: 'camera.read_rate', value: rate(now), unit: 'of holds', target: `reference ${rate(ref)} (old pipeline)` },
    { name: 'camera.wrong_accepts', value: now.wrong, unit: 'holds', target: `= 0 (old pipeline: ${ref.wrong})`, met: now.wrong === 0 },
    { name: 'camera.double_accepts', value: now.double, unit: 'holds', target: `= 0 (old pipeline: ${ref.double})`, met: now.double === 0 },
    { name: 'camera.reference.read_rate', value: rate(ref), unit: 'of holds' },
    { name: 'camera.reference.wrong_accepts', value: ref.wrong, unit: 'holds' },
    { name: 'camera.reference.double_accepts', value: ref.double, unit: 'holds' },
    { name: 'camera.holds', value: now.holds, unit: `holds (${LABELS} labels, steady and jittered, ${HOLD_FRAMES} frames)` },
  ];
}
