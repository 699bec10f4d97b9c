// Guards for STYLE.md "The UI", checked on the source text so they hold even
// if someone turns the lint rule off.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|jsx|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path: relative(SRC, path).split(sep).join('/'),
  text: readFileSync(path, 'utf8'),
}));

const TAURI_IMPORT = /(?:from\s*|import\s*\(?\s*|require\s*\(\s*)['"]@tauri-apps\/api(?:\/[^'"]*)?['"]/;

describe('architecture', () => {
  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.path === 'ipc/bindings.ts' && TAURI_IMPORT.test(f.text))).toBe(true);
  });

  it('imports @tauri-apps/api only inside src/ipc', () => {
    const offenders = files.filter((f) => !f.path.startsWith('ipc/') && TAURI_IMPORT.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('never renders HTML from strings', () => {
    const pattern = ['dangerously', 'SetInnerHTML'].join('');
    const offenders = files.filter((f) => f.text.includes(pattern) || /\.innerHTML\s*=/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it('keeps index.html free of inline script and style (the CSP forbids them)', () => {
    const html = readFileSync(join(SRC, '..', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/https?:\/\//i);
  });
});
