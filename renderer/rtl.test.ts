/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 11: the layout mirrors in Arabic only if nothing is placed by left and right. Fails on a physical
 * property in the stylesheet or in a component's inline style (use margin-inline-start, inset-inline, text-align:
 * start ... instead).
 */
const ROOT = import.meta.dirname;
function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'dist' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return files(path, ext);
    return ext.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const CSS_PHYSICAL =
  /(^|[\s;{])(margin|padding|border)-(left|right)\b|(^|[\s;{])(left|right)\s*:|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)|clear\s*:\s*(left|right)|border-(top|bottom)-(left|right)-radius/;
const JSX_PHYSICAL = /\b(margin|padding|border)(Left|Right)\b|[{,]\s*(left|right)\s*:|textAlign\s*:\s*'(left|right)'|float\s*:\s*'(left|right)'/;

describe('right-to-left layout', () => {
  it('the stylesheets place nothing by left or right', () => {
    const found = files(ROOT, /\.css$/).flatMap((f) =>
      readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split('\n')
        .flatMap((line, i) => (CSS_PHYSICAL.test(line) ? [`${f.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it("the components' inline styles place nothing by left or right", () => {
    const found = files(ROOT, /\.tsx$/).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes('style=') && JSX_PHYSICAL.test(line) ? [`${f.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
