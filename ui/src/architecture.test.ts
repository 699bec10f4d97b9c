// Guards for STYLE.md "The UI", checked on the source text so they hold even
// if someone turns the lint rule off.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
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

// Every relative import or re-export, type-only ones included: a type import
// ties two files together for a reader just as much as a value import does.
const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"](\.{1,2}\/[^'"]*)['"]|import\s*\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;

/** The source file a relative specifier names, as a path relative to src/ ('' for css and the like). */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier).split(sep).join('/');
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((c) => known.has(c));
}

const known = new Set(files.map((f) => f.path));

const importGraph = new Map(
  files.map((f) => {
    const targets = new Set<string>();
    for (const m of f.text.matchAll(RELATIVE_IMPORT)) {
      const target = resolveImport(f.path, m[1] ?? m[2]);
      if (target !== undefined) targets.add(target);
    }
    return [f.path, [...targets].sort()];
  }),
);

/** Each import cycle once, as the files around it (Tarjan's strongly connected components). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

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

  it('has no import cycle between its files', () => {
    expect(importCycles(importGraph)).toEqual([]);
  });

  it('sees an import cycle when there is one', () => {
    // The checker itself must be able to fail: the graph it reads, and a made-up loop.
    expect(importGraph.get('frame/AppFrame.tsx')).toContain('blueprint/BlueprintPage.tsx');
    expect(importGraph.get('blueprint/IdeasPanel.tsx')).toContain('blueprint/capture.ts');
    const loop = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(loop)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('hears keys on the window only through the shortcut registry (lib/shortcuts.ts)', () => {
    const offenders = files.filter(
      (f) => f.path !== 'lib/shortcuts.ts' && !f.path.includes('.test.') && /addEventListener\(\s*['"]keydown['"]/.test(f.text),
    );
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
