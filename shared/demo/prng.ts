/**
 * Deterministic randomness for demo data. Every value is derived from a seed and a key ("product:42"), never
 * from a running stream, so product 42 is the same whether the chain has 300 products or 100,000, and a till
 * and the server seeded from the same generator agree on every id.
 */

/** cyrb128: a small, well-mixed 128-bit string hash (four 32-bit words). */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A seeded generator (sfc32) whose stream is fixed by (seed, key). */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, key: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(`${seed}:${key}`);
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm up: the first outputs of sfc32 are poorly mixed
  }

  nextUint32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + (this.nextUint32() % (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.nextUint32() % items.length];
    if (item === undefined) throw new Error('cannot pick from an empty list');
    return item;
  }

  chance(percent: number): boolean {
    return this.nextUint32() % 100 < percent;
  }
}

/**
 * A UUID in RFC 4122 version-4 form derived from (seed, key): the same key always yields the same id, so ids
 * are stable across processes without being stored anywhere.
 */
export function demoUuid(seed: number, key: string): string {
  const words = cyrb128(`${seed}:uuid:${key}`);
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const version = '4' + hex.slice(13, 16);
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${version}-${variant}-${hex.slice(20, 32)}`;
}
