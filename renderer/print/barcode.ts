/**
 * A Code 128 barcode as SVG markup, drawn by bwip-js (the Barcode Writer in Pure PostScript port): for the delivery
 * note's transfer code (shared/scan/transfer-code.ts), which the receiving store scans with the wedge scanner it
 * sells with. Loaded only when a note is drawn: the encoder is large and a till prints few notes.
 *
 * 2 SVG units per module, bars about a quarter as tall as the symbol is wide, no human-readable text under the
 * bars (the note prints the code and the label itself); the bars touch the SVG's edges, so whoever places it leaves
 * the quiet zone (10 modules each side) around it.
 */
export async function code128Svg(text: string): Promise<string> {
  // Only the Code 128 encoder and the SVG drawing are imported by name, so the bundle leaves the other symbologies out.
  const { code128, drawingSVG } = await import('bwip-js/browser');
  return code128({ bcid: 'code128', text, scale: 2, height: 20, includetext: false }, drawingSVG());
}
