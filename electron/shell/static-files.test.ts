import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, isAppUrl, resolveInside } from './static-files';

const root = resolve('/opt/till/renderer/dist');

describe('resolveInside', () => {
  it('serves index.html for the root and files below the build folder', () => {
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveInside(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('refuses every way out of the build folder', () => {
    for (const path of [
      '/../package.json',
      '/assets/../../secret',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/assets/..%5c..%5cwindows',
      '/a%00.html',
      '/%E0%A4%A',
    ]) {
      expect(resolveInside(root, path), path).toBeNull();
    }
  });
});

describe('contentTypeFor', () => {
  it('knows the types of a Vite build and falls back to a download type', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});

describe('isAppUrl', () => {
  it("accepts only the app's own origin", () => {
    expect(isAppUrl('app://till/index.html')).toBe(true);
    expect(isAppUrl('app://till/')).toBe(true);
    for (const url of ['app://evil/index.html', 'file:///opt/till/renderer/dist/index.html', 'https://till/', 'http://127.0.0.1:5174/', 'app://till.evil.example/', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
