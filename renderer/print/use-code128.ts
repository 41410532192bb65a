import { useEffect, useState } from 'react';
import { code128Svg } from './barcode';

/** The SVG of a Code 128 barcode of `text`, once drawn (null until then, and while a new text is drawn). */
export function useCode128Svg(text: string): string | null {
  const [svg, setSvg] = useState<{ text: string; markup: string } | null>(null);
  useEffect(() => {
    let live = true;
    void code128Svg(text).then((markup) => {
      if (live) setSvg({ text, markup });
    });
    return () => {
      live = false;
    };
  }, [text]);
  return svg !== null && svg.text === text ? svg.markup : null;
}
