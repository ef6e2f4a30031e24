/**
 * The import graph of lib/, read with TypeScript's own pre-processor: every `import`, `import type`,
 * `export … from`, `import()` and `require()` with a relative specifier, resolved to a file. Type-only
 * imports count: a cycle through types still ties two files' meaning together.
 *
 * `npx tsx scripts/import-graph.ts --circular` lists the import cycles and exits 1 if there is any (CI
 * runs it); spec/layers.spec.ts reads the same graph to check which folder imports which.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** The specifier as written. */
  readonly specifier: string;
  /** The imported file, relative to the scanned root, with '/' separators. */
  readonly target: string;
}

export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

const SOURCE = /\.(ts|cts|mts|cjs|mjs)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '.cts', '.mts', '.cjs', '.mjs', '/index.ts'];

export function readImportGraph(root: string): ImportGraph {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of sourceFiles(root)) {
    const name = toPosix(relative(root, file));
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const edges: ImportEdge[] = [];
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(join(dirname(file), specifier));
      if (target === undefined) throw new Error(`${name}: cannot resolve '${specifier}'`);
      edges.push({ specifier, target: toPosix(relative(root, target)) });
    }
    graph.set(name, edges);
  }
  return graph;
}

/** Every strongly connected group of files that import one another, each as one cycle through it. */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    const selfImport = (graph.get(file) ?? []).some((edge) => edge.target === file);
    if (group.length > 1 || selfImport) cycles.push(cycleThrough(graph, new Set(group), file));
  };

  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

/** One concrete path start → … → start inside a strongly connected group (breadth first, so the shortest). */
function cycleThrough(graph: ImportGraph, group: ReadonlySet<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const { target } of graph.get(file) ?? []) {
      if (!group.has(target)) continue;
      if (target === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) ? [path] : [];
  });
}

function resolve(base: string): string | undefined {
  for (const suffix of RESOLVE_SUFFIXES) {
    const candidate = base + suffix;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

if (require.main === module && process.argv.includes('--circular')) {
  const root = join(__dirname, '..', 'lib');
  const graph = readImportGraph(root);
  const cycles = findCycles(graph);
  for (const cycle of cycles) console.log(`cycle: ${cycle.join(' → ')}`);
  console.log(`${graph.size} files in lib/, ${cycles.length} import cycle${cycles.length === 1 ? '' : 's'}`);
  process.exitCode = cycles.length === 0 ? 0 : 1;
}
