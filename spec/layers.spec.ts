/**
 * Imports point down the layers that the README's Architecture section draws, and lib/ has no import
 * cycle. The layers are read from the README's diagram itself, so the picture and the rule cannot drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCycles, readImportGraph, type ImportGraph } from '../scripts/import-graph';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const GRAPH = readImportGraph(join(__dirname, '..', 'lib'));

/** The rooms of each layer, top first: the `│ a/ · b/ │` rows between the layers markers. */
function layersOf(readme: string): string[][] {
  const start = readme.indexOf('<!-- layers:start -->');
  const end = readme.indexOf('<!-- layers:end -->');
  if (start === -1 || end === -1) throw new Error('README.md lacks the layers markers');
  return readme
    .slice(start, end)
    .split('\n')
    .map((line) => /^\s*│ (.+?)\s*│/.exec(line)?.[1])
    .filter((rooms): rooms is string => rooms !== undefined)
    .map((rooms) => rooms.split(' · ').map((room) => room.trim()));
}

/** A folder directly under lib/ (`stack/`), or a file there (`index.ts`). */
function roomOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash + 1);
}

/** Every import whose target sits in a higher layer than its importer, as `file → target`. */
function upwardImports(graph: ImportGraph, layers: readonly string[][]): string[] {
  const depth = new Map(layers.flatMap((rooms, index) => rooms.map((room) => [room, index] as const)));
  const found: string[] = [];
  for (const [file, edges] of graph) {
    for (const { target } of edges) {
      const from = depth.get(roomOf(file));
      const to = depth.get(roomOf(target));
      if (from !== undefined && to !== undefined && to < from) found.push(`${file} → ${target}`);
    }
  }
  return found.sort();
}

/** Every file reachable from `start`. */
function reachable(graph: ImportGraph, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { target } of graph.get(file) ?? []) queue.push(target);
  }
  return seen;
}

const LAYERS = layersOf(README);

describe('the layers of lib/', () => {
  it('the README draws every room of lib/ in exactly one layer', () => {
    const drawn = LAYERS.flat();
    const rooms = [...new Set([...GRAPH.keys()].map(roomOf))].sort();
    expect([...drawn].sort()).toEqual(rooms);
    expect(new Set(drawn).size).toBe(drawn.length);
  });

  it('no import points up', () => {
    expect(upwardImports(GRAPH, LAYERS)).toEqual([]);
  });

  it('the check sees an arrow that points up', () => {
    const graph: ImportGraph = new Map([
      ['message/request.ts', [{ specifier: '../stack/types', target: 'stack/types.ts' }]],
      ['stack/types.ts', [{ specifier: '../message/request', target: 'message/request.ts' }]],
    ]);
    expect(upwardImports(graph, [['stack/'], ['message/']])).toEqual(['message/request.ts → stack/types.ts']);
  });

  it('the sandbox checks the wire on its own: nothing it loads is client code', () => {
    const client = ['builder/', 'client/', 'stack/', 'notify/'];
    const sandboxFiles = [...GRAPH.keys()].filter((file) => roomOf(file) === 'sandbox/');
    const loaded = new Set(sandboxFiles.flatMap((file) => [...reachable(GRAPH, file)]));
    expect([...loaded].filter((file) => client.includes(roomOf(file)))).toEqual([]);
  });

  it("the main entry loads no server code: `import 'wechatpay-ts'` never reaches sandbox/", () => {
    expect([...reachable(GRAPH, 'index.ts')].filter((file) => roomOf(file) === 'sandbox/')).toEqual([]);
  });
});

describe('import cycles', () => {
  it('lib/ has none (type-only imports included)', () => {
    expect(findCycles(GRAPH)).toEqual([]);
  });

  it('the check sees one', () => {
    const graph: ImportGraph = new Map([
      ['a.ts', [{ specifier: './b', target: 'b.ts' }]],
      ['b.ts', [{ specifier: './c', target: 'c.ts' }]],
      ['c.ts', [{ specifier: './a', target: 'a.ts' }]],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
