import bwipjs from 'bwip-js/generic';
import { withCheckDigit } from '../../domain/barcode';
import { Prng } from '../../demo/prng';

/**
 * A seeded set of distorted product labels, as a till camera would see them: real EAN-13, EAN-8 and UPC-A
 * symbols (bar widths from bwip-js, the Barcode Writer in Pure PostScript port, so the encoding is not ours to
 * get wrong) printed on a paper label stuck on a cluttered package, then photographed badly: small modules,
 * ink spread, rotation, perspective, blur, low contrast, uneven light and sensor noise. Every number comes from
 * (seed, label index, frame index), so a failing label can be rendered again exactly.
 */

export type Symbology = 'EAN-13' | 'EAN-8' | 'UPC-A';

/** One camera frame: 8-bit luminance, row by row. */
export interface LumaFrame {
  width: number;
  height: number;
  luma: Uint8Array;
}

export interface LabelSpec {
  seed: number;
  index: number;
  symbology: Symbology;
  /** what the symbol encodes, as the till should receive it (UPC-A as its 13-digit GTIN form, with a leading 0) */
  code: string;
  /** bar/space widths in modules, bar first */
  widths: number[];
  /** pixels per module at the frame's scale */
  modulePx: number;
  /** ink spread: bars grow (or shrink, below 0) by this many modules */
  spread: number;
  rotationDeg: number;
  /** corner displacement for perspective, as a fraction of the label's size */
  perspective: number;
  /** Gaussian blur sigma in pixels */
  blur: number;
  /** luminance of ink and of paper, 0..255, before light and noise */
  ink: number;
  paper: number;
  /** sensor noise sigma, 0..255 units */
  noise: number;
  /** centre of the label in the frame, as fractions of width and height */
  cx: number;
  cy: number;
}

export const FRAME_WIDTH = 1280;
export const FRAME_HEIGHT = 720;

const QUIET: Record<Symbology, [number, number]> = { 'EAN-13': [11, 7], 'EAN-8': [7, 7], 'UPC-A': [9, 9] };
const BWIP_ID: Record<Symbology, string> = { 'EAN-13': 'ean13', 'EAN-8': 'ean8', 'UPC-A': 'upca' };
const BODY_LENGTH: Record<Symbology, number> = { 'EAN-13': 12, 'EAN-8': 7, 'UPC-A': 11 };

function uniform(p: Prng, min: number, max: number): number {
  return min + (p.nextUint32() / 0x1_0000_0000) * (max - min);
}

/** Bar/space widths of a symbol, from bwip-js. */
export function symbolWidths(symbology: Symbology, bodyAndCheck: string): number[] {
  const out = bwipjs.raw(BWIP_ID[symbology], bodyAndCheck, { includetext: false });
  const first = out[0];
  if (first === undefined || !('sbs' in first)) throw new Error(`bwip-js drew no linear symbol for ${symbology} ${bodyAndCheck}`);
  return first.sbs;
}

/** The label with this index of the seeded set; harder labels are as likely as easy ones. */
export function labelSpec(seed: number, index: number): LabelSpec {
  const p = new Prng(seed, `label:${index}`);
  const roll = p.int(0, 9);
  const symbology: Symbology = roll < 6 ? 'EAN-13' : roll < 8 ? 'EAN-8' : 'UPC-A';
  let body = '';
  for (let i = 0; i < BODY_LENGTH[symbology]; i++) body += String(p.int(0, 9));
  const full = withCheckDigit(body);
  const widths = symbolWidths(symbology, full);
  const paper = uniform(p, 150, 240);
  // Low contrast on a share of labels: a faded thermal print, or glare.
  const contrast = p.chance(25) ? uniform(p, 0.25, 0.45) : uniform(p, 0.45, 0.9);
  return {
    seed,
    index,
    symbology,
    code: symbology === 'UPC-A' ? `0${full}` : full,
    widths,
    modulePx: p.chance(25) ? uniform(p, 1.4, 2) : uniform(p, 2, 4),
    spread: uniform(p, -0.1, 0.15),
    rotationDeg: p.chance(25) ? uniform(p, -40, 40) : uniform(p, -10, 10),
    perspective: p.chance(40) ? uniform(p, 0.03, 0.1) : uniform(p, 0, 0.03),
    blur: p.chance(25) ? uniform(p, 1, 1.6) : uniform(p, 0.4, 1),
    ink: paper * (1 - contrast),
    paper,
    noise: uniform(p, 2, 10),
    cx: uniform(p, 0.35, 0.65),
    cy: uniform(p, 0.35, 0.65),
  };
}

export function labelSet(seed: number, count: number): LabelSpec[] {
  return Array.from({ length: count }, (_, i) => labelSpec(seed, i));
}

/** How the label sits in one frame; a steady hold keeps the base pose, a jittered hold moves it. */
interface Pose {
  dx: number;
  dy: number;
  rotationDeg: number;
  scale: number;
  /** horizontal motion blur length, pixels */
  motion: number;
  exposure: number;
}

export type HoldKind = 'steady' | 'jittered';

function poseOf(spec: LabelSpec, kind: HoldKind, frame: number): Pose {
  if (kind === 'steady' || frame === 0) return { dx: 0, dy: 0, rotationDeg: 0, scale: 1, motion: 0, exposure: 1 };
  const p = new Prng(spec.seed, `pose:${spec.index}:${frame}`);
  // A hand drifts: the offsets of frame n are a random walk from frame 0.
  const prev = poseOf(spec, kind, frame - 1);
  return {
    dx: prev.dx + uniform(p, -12, 12),
    dy: prev.dy + uniform(p, -8, 8),
    rotationDeg: prev.rotationDeg + uniform(p, -2.5, 2.5),
    scale: Math.max(0.85, Math.min(1.15, prev.scale * uniform(p, 0.97, 1.03))),
    motion: p.chance(40) ? uniform(p, 1, 6) : 0,
    exposure: uniform(p, 0.9, 1.1),
  };
}

/** Solves the 3x3 homography (h22 = 1) taking four source points to four target points. */
function homography(src: readonly [number, number][], dst: readonly [number, number][]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!;
    const [u, v] = dst[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gauss-Jordan with partial pivoting on the 8x9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let pivot = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const row = a[c]!;
    const d = row[c]!;
    for (let k = c; k < 9; k++) row[k] = row[k]! / d;
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f === 0) continue;
      for (let k = c; k < 9; k++) a[r]![k] = a[r]![k]! - f * row[k]!;
    }
  }
  return [...a.map((r) => r[8]!), 1];
}

/** 3x5 digit glyphs for the human-readable line under the bars (clutter a decoder must ignore). */
const GLYPHS = ['111101101101111', '010110010010111', '111001111100111', '111001111001111', '101101111001001', '111100111001111', '111100111101111', '111001001001001', '111101111101111', '111101111001111'];

interface Scene {
  /** reflectance 0 (ink) .. 1 (paper) at label-plane coordinates in modules */
  at(u: number, v: number): number;
  /** the package's plain colour, away from the label and its printed surroundings */
  base: number;
  /** the label's paper rectangle in modules */
  paper: { u0: number; u1: number; v0: number; v1: number };
}

const BAR_HEIGHT = 60;
const LUT_PER_MODULE = 16;

function sceneOf(spec: LabelSpec): Scene {
  const [ql, qr] = QUIET[spec.symbology];
  const symbolModules = spec.widths.reduce((a, b) => a + b, 0);
  // Bars as a lookup table over the symbol, 1/16 module resolution, with the ink spread applied to each bar.
  const lut = new Uint8Array(symbolModules * LUT_PER_MODULE);
  let x = 0;
  spec.widths.forEach((w, i) => {
    if (i % 2 === 0) {
      const from = Math.max(0, Math.round((x - spec.spread / 2) * LUT_PER_MODULE));
      const to = Math.min(lut.length, Math.round((x + w + spec.spread / 2) * LUT_PER_MODULE));
      lut.fill(1, from, to);
    }
    x += w;
  });
  const text = spec.code.slice(spec.symbology === 'UPC-A' ? 1 : 0);
  const glyphW = symbolModules / text.length;
  const glyphs = [...text].map((d) => [...(GLYPHS[Number(d)] ?? '')].map(Number));
  const paper = { u0: -ql - 2, u1: symbolModules + qr + 2, v0: -6, v1: BAR_HEIGHT + 14 };
  const p = new Prng(spec.seed, `package:${spec.index}`);
  // The package around the label: a base colour, printed blocks and lines of small text.
  const base = uniform(p, 0.25, 0.85);
  const blocks = Array.from({ length: 5 }, () => {
    const w = uniform(p, 10, 60);
    const h = uniform(p, 6, 30);
    const u0 = uniform(p, -70, symbolModules + 20);
    const v0 = uniform(p, -50, BAR_HEIGHT + 30);
    return { u0, v0, u1: u0 + w, v1: v0 + h, shade: uniform(p, 0.05, 0.95), text: p.chance(50), cell: uniform(p, 1.5, 4) };
  });
  const hash = (a: number, b: number): number => {
    let h = Math.imul(a, 374761393) ^ Math.imul(b, 668265263) ^ spec.index;
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) / 0x1_0000_0000;
  };
  return {
    paper,
    base,
    at(u, v) {
      if (u >= paper.u0 && u < paper.u1 && v >= paper.v0 && v < paper.v1) {
        if (v >= 0 && v < BAR_HEIGHT && u >= 0 && u < symbolModules) return lut[Math.floor(u * LUT_PER_MODULE)] === 1 ? 0 : 1;
        if (v >= BAR_HEIGHT + 2 && v < BAR_HEIGHT + 12 && u >= 0 && u < symbolModules) {
          const gi = Math.floor(u / glyphW);
          const gx = Math.floor(((u - gi * glyphW) / glyphW) * 5) - 1;
          const gy = Math.floor((v - BAR_HEIGHT - 2) / 2);
          const glyph = glyphs[gi];
          if (glyph !== undefined && gx >= 0 && gx < 3 && glyph[gy * 3 + gx] === 1) return 0;
        }
        return 1;
      }
      for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i]!;
        if (u >= b.u0 && u < b.u1 && v >= b.v0 && v < b.v1) {
          if (!b.text) return b.shade;
          const cu = Math.floor(u / b.cell);
          const cv = Math.floor(v / (b.cell * 1.6));
          const inGlyph = u - cu * b.cell < b.cell * 0.7 && v - cv * b.cell * 1.6 < b.cell * 1.1;
          return inGlyph && hash(cu, cv) < 0.45 ? 0.05 : base;
        }
      }
      return base;
    },
  };
}

/** Separable box blur, in place; three passes approximate a Gaussian. */
function boxBlur(img: Float32Array, w: number, h: number, radius: number, horizontal: boolean): void {
  if (radius <= 0) return;
  const n = horizontal ? w : h;
  const lines = horizontal ? h : w;
  const line = new Float32Array(n);
  for (let l = 0; l < lines; l++) {
    for (let i = 0; i < n; i++) line[i] = img[horizontal ? l * w + i : i * w + l]!;
    let sum = 0;
    for (let i = -radius; i <= radius; i++) sum += line[Math.min(n - 1, Math.max(0, i))]!;
    for (let i = 0; i < n; i++) {
      img[horizontal ? l * w + i : i * w + l] = sum / (2 * radius + 1);
      sum += line[Math.min(n - 1, i + radius + 1)]! - line[Math.max(0, i - radius)]!;
    }
  }
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Separable Gaussian blur (kernel to 3 sigma) of the box, rows then columns, both walked row by row. Only the
 * label's surroundings are blurred: the package far from it is flat colour, and blurring it costs time only.
 */
function gaussianBlur(img: Float32Array, w: number, h: number, sigma: number, box: Box): void {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / total);
  const tmp = new Float32Array(img.length);
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * w;
    for (let x = box.x0; x < box.x1; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += k[j + r]! * img[row + Math.min(w - 1, Math.max(0, x + j))]!;
      tmp[row + x] = s;
    }
  }
  for (let y = box.y0; y < box.y1; y++) img.fill(0, y * w + box.x0, y * w + box.x1);
  for (let j = -r; j <= r; j++) {
    const kj = k[j + r]!;
    for (let y = box.y0; y < box.y1; y++) {
      const src = Math.min(box.y1 - 1, Math.max(box.y0, y + j)) * w;
      const dst = y * w;
      for (let x = box.x0; x < box.x1; x++) img[dst + x] = img[dst + x]! + kj * tmp[src + x]!;
    }
  }
}

/** The light reaching the sensor for one pose (label, package, optics), before light falloff and noise. */
interface Optics {
  key: string;
  img: Float32Array;
}

/** A steady hold renders its optics once; only the sensor noise changes from frame to frame. */
let lastOptics: Optics | null = null;

/** Frame `frame` of a hold of this label. */
export function renderFrame(spec: LabelSpec, kind: HoldKind, frame: number, width = FRAME_WIDTH, height = FRAME_HEIGHT): LumaFrame {
  const pose = poseOf(spec, kind, frame);
  const blur = Math.max(0.3, spec.blur * (kind === 'jittered' && frame > 0 ? uniform(new Prng(spec.seed, `focus:${spec.index}:${frame}`), 0.8, 1.25) : 1));
  const key = JSON.stringify([spec, pose, blur, width, height]);
  const optics = lastOptics?.key === key ? lastOptics : { key, img: renderOptics(spec, pose, blur, width, height) };
  lastOptics = optics;
  return sensor(spec, pose, frame, optics.img, width, height);
}

function renderOptics(spec: LabelSpec, pose: Pose, blur: number, width: number, height: number): Float32Array {
  const scene = sceneOf(spec);
  const { u0, u1, v0, v1 } = scene.paper;
  // The label's corners in the frame: a similarity (scale, rotation, position) then each corner nudged for tilt.
  const s = spec.modulePx * pose.scale * (width / FRAME_WIDTH);
  const theta = ((spec.rotationDeg + pose.rotationDeg) * Math.PI) / 180;
  const cx = spec.cx * width + pose.dx;
  const cy = spec.cy * height + pose.dy;
  const mu = (u0 + u1) / 2;
  const mv = (v0 + v1) / 2;
  const tilt = new Prng(spec.seed, `tilt:${spec.index}`);
  const span = Math.max(u1 - u0, v1 - v0) * s;
  const corners: [number, number][] = [
    [u0, v0],
    [u1, v0],
    [u1, v1],
    [u0, v1],
  ];
  const image = corners.map(([u, v]): [number, number] => {
    const x = (u - mu) * s;
    const y = (v - mv) * s;
    return [
      cx + x * Math.cos(theta) - y * Math.sin(theta) + uniform(tilt, -1, 1) * spec.perspective * span,
      cy + x * Math.sin(theta) + y * Math.cos(theta) + uniform(tilt, -1, 1) * spec.perspective * span,
    ];
  });
  const h = homography(image, corners);
  const minX = Math.max(0, Math.floor(Math.min(...image.map((c) => c[0]))) - 2);
  const maxX = Math.min(width, Math.ceil(Math.max(...image.map((c) => c[0]))) + 2);
  const minY = Math.max(0, Math.floor(Math.min(...image.map((c) => c[1]))) - 2);
  const maxY = Math.min(height, Math.ceil(Math.max(...image.map((c) => c[1]))) + 2);
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as [number, number, number, number, number, number, number, number];
  const at = scene.at;
  const sample = (x: number, y: number): number => {
    const w = h6 * x + h7 * y + 1;
    return at((h0 * x + h1 * y + h2) / w, (h3 * x + h4 * y + h5) / w);
  };
  // The printed package around the label lies within about one label size of it; beyond, plain colour.
  const reachX = maxX - minX;
  const reachY = maxY - minY;
  const outX0 = Math.max(0, minX - reachX);
  const outX1 = Math.min(width, maxX + reachX);
  const outY0 = Math.max(0, minY - reachY);
  const outY1 = Math.min(height, maxY + reachY);
  const img = new Float32Array(width * height).fill(scene.base);
  for (let y = outY0; y < outY1; y++) {
    const row = y * width;
    const inY = y >= minY && y < maxY;
    for (let x = outX0; x < outX1; x++) {
      // 2x2 supersampling where the label is (its bars are finer than a pixel); one sample on the package.
      img[row + x] =
        inY && x >= minX && x < maxX
          ? (sample(x + 0.25, y + 0.25) + sample(x + 0.75, y + 0.25) + sample(x + 0.25, y + 0.75) + sample(x + 0.75, y + 0.75)) / 4
          : sample(x + 0.5, y + 0.5);
    }
  }
  const margin = Math.ceil(3 * blur) + 24;
  gaussianBlur(img, width, height, blur, {
    x0: Math.max(0, minX - margin),
    y0: Math.max(0, minY - margin),
    x1: Math.min(width, maxX + margin),
    y1: Math.min(height, maxY + margin),
  });
  if (pose.motion > 0) boxBlur(img, width, height, Math.round(pose.motion / 2), true);
  return img;
}

function sensor(spec: LabelSpec, pose: Pose, frame: number, img: Float32Array, width: number, height: number): LumaFrame {
  // Sensor noise: one xorshift draw per pixel picks from a table of Gaussian deviates (a Box-Muller pair per
  // pixel would cost more than the rest of the frame).
  let xs = new Prng(spec.seed, `noise:${spec.index}:${frame}`).nextUint32() | 1;
  const deviates = gaussianTable();
  const light = new Prng(spec.seed, `light:${spec.index}`);
  const gx = uniform(light, -0.25, 0.25) / width;
  const gy = uniform(light, -0.25, 0.25) / height;
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = img[y * width + x]!;
      const lit = (spec.ink + (spec.paper - spec.ink) * r) * pose.exposure * (1 + gx * (x - width / 2) + gy * (y - height / 2));
      xs ^= xs << 13;
      xs ^= xs >>> 17;
      xs ^= xs << 5;
      luma[y * width + x] = Math.max(0, Math.min(255, Math.round(lit + deviates[xs >>> 16]! * spec.noise)));
    }
  }
  return { width, height, luma };
}

let gaussians: Float32Array | null = null;

/** 65,536 standard normal deviates (Box-Muller from a fixed seed), made once. */
function gaussianTable(): Float32Array {
  if (gaussians !== null) return gaussians;
  const p = new Prng(1, 'gaussian-table');
  const table = new Float32Array(65_536);
  for (let i = 0; i < table.length; i++) {
    const u = (p.nextUint32() + 1) / 0x1_0000_0001;
    const v = p.nextUint32() / 0x1_0000_0000;
    table[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return (gaussians = table);
}

/** RGBA pixels of a luminance frame, the shape a canvas's ImageData has. */
export function toRgba(frame: LumaFrame): Uint8ClampedArray {
  const out = new Uint8ClampedArray(frame.width * frame.height * 4);
  for (let i = 0; i < frame.luma.length; i++) {
    const v = frame.luma[i]!;
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = v;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** Halves a frame by averaging 2x2 blocks: what the old camera screen did to a 1280-wide camera before decoding. */
export function halve(frame: LumaFrame): LumaFrame {
  const width = Math.floor(frame.width / 2);
  const height = Math.floor(frame.height / 2);
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 2 * y * frame.width + 2 * x;
      luma[y * width + x] = Math.round((frame.luma[i]! + frame.luma[i + 1]! + frame.luma[i + frame.width]! + frame.luma[i + frame.width + 1]!) / 4);
    }
  }
  return { width, height, luma };
}
