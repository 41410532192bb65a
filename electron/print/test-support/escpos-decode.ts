/**
 * Reads an ESC/POS byte stream back, as a printer would: the tests' oracle for what electron/print/ sends. Written
 * from Epson's command reference, not from the encoding library, and strict: a byte it does not know fails the
 * test rather than being skipped, so a job with stray text (a code page garbling Arabic) cannot pass.
 */
export type EscPosCommand =
  | { kind: 'initialize' }
  | { kind: 'character-mode' }
  | { kind: 'font'; font: number }
  | { kind: 'pulse'; pin: number; onMs: number; offMs: number }
  | { kind: 'feed' }
  | { kind: 'raster'; widthDots: number; rows: number; bits: Uint8Array }
  | { kind: 'cut'; partial: boolean };

export function decodeEscPos(bytes: Uint8Array): EscPosCommand[] {
  const out: EscPosCommand[] = [];
  let i = 0;
  const need = (n: number) => {
    if (i + n > bytes.length) throw new Error(`the stream ends inside a command at byte ${i}`);
  };
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a || b === 0x0d) {
      out.push({ kind: 'feed' });
      i += 1;
    } else if (b === 0x1b && bytes[i + 1] === 0x40) {
      out.push({ kind: 'initialize' });
      i += 2;
    } else if (b === 0x1c && bytes[i + 1] === 0x2e) {
      out.push({ kind: 'character-mode' });
      i += 2;
    } else if (b === 0x1b && bytes[i + 1] === 0x4d) {
      need(3);
      out.push({ kind: 'font', font: bytes[i + 2]! });
      i += 3;
    } else if (b === 0x1b && bytes[i + 1] === 0x70) {
      // ESC p m t1 t2: pulse pin m (0: pin 2, 1: pin 5) for t1 x 2 ms, then t2 x 2 ms off
      need(5);
      out.push({ kind: 'pulse', pin: bytes[i + 2]! & 1 ? 5 : 2, onMs: bytes[i + 3]! * 2, offMs: bytes[i + 4]! * 2 });
      i += 5;
    } else if (b === 0x1d && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x30) {
      // GS v 0 m xL xH yL yH d1...dk: a raster image, (xL + xH*256) bytes a row, (yL + yH*256) rows, MSB leftmost
      need(8);
      const widthBytes = bytes[i + 4]! + bytes[i + 5]! * 256;
      const rows = bytes[i + 6]! + bytes[i + 7]! * 256;
      const size = widthBytes * rows;
      i += 8;
      need(size);
      out.push({ kind: 'raster', widthDots: widthBytes * 8, rows, bits: bytes.slice(i, i + size) });
      i += size;
    } else if (b === 0x1d && bytes[i + 1] === 0x56) {
      need(3);
      const m = bytes[i + 2]!;
      if (m === 0 || m === 48 || m === 1 || m === 49) {
        out.push({ kind: 'cut', partial: m === 1 || m === 49 });
        i += 3;
      } else {
        // GS V 65/66 n: feed n, then cut
        need(4);
        out.push({ kind: 'cut', partial: m === 66 });
        i += 4;
      }
    } else {
      throw new Error(`byte 0x${b.toString(16).padStart(2, '0')} at ${i} is not a command this job should hold`);
    }
  }
  return out;
}

/** The printed picture: the raster blocks of a job stacked top to bottom, as 0 (white) / 1 (black) per dot. */
export function printedDots(commands: readonly EscPosCommand[]): { width: number; height: number; dots: Uint8Array } {
  const blocks = commands.filter((c): c is Extract<EscPosCommand, { kind: 'raster' }> => c.kind === 'raster');
  if (blocks.length === 0) return { width: 0, height: 0, dots: new Uint8Array(0) };
  const width = blocks[0]!.widthDots;
  if (blocks.some((b) => b.widthDots !== width)) throw new Error('raster blocks of different widths');
  const height = blocks.reduce((n, b) => n + b.rows, 0);
  const dots = new Uint8Array(width * height);
  let y0 = 0;
  for (const block of blocks) {
    for (let y = 0; y < block.rows; y++) {
      for (let x = 0; x < width; x++) {
        const byte = block.bits[y * (width / 8) + (x >> 3)]!;
        dots[(y0 + y) * width + x] = (byte >> (7 - (x & 7))) & 1;
      }
    }
    y0 += block.rows;
  }
  return { width, height, dots };
}
