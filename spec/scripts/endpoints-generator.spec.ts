/**
 * `npm run endpoints`: the committed generated files are exactly what the generator writes (so they are
 * never stale nor hand-edited), a second run gives the same bytes, and broken catalogue entries are
 * reported by name and count instead of stopping the run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../scripts/endpoints/generate';

describe('the endpoint generator', () => {
  const first = generate();

  it('wrote the committed files (run `npm run endpoints` to refresh them)', () => {
    expect(first.files.size).toBeGreaterThan(0);
    for (const [path, content] of first.files) {
      const committed = readFileSync(path, 'utf8');
      // toBe on megabytes prints a useless diff: compare, then name the file.
      if (committed !== content) throw new Error(`${path} is out of date: run \`npm run endpoints\``);
    }
  });

  it('gives byte-identical output on a second run', () => {
    const second = generate();
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [path, content] of second.files) expect(content === first.files.get(path)).toBe(true);
  });

  it('describes every catalogued operation once per family', () => {
    const catalogue = JSON.parse(readFileSync(join(__dirname, '../../catalog/wechatpay-apis.json'), 'utf8')) as { operations: unknown[] };
    expect(first.operations).toHaveLength(catalogue.operations.length);
    const keys = first.operations.map((o) => `${o.family} ${o.method} ${o.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reports malformed entries by name and count, and still generates the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'endpoints-generator-'));
    try {
      const path = join(dir, 'catalog.json');
      const good = { method: 'GET', path: 'v3/good/{id}', family: 'v3', name: '好', parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses: { '204': {} } };
      writeFileSync(
        path,
        JSON.stringify({
          operations: [
            good,
            { method: 'FETCH', path: 'v3/no-method', parameters: [], responses: {} },
            null,
            { method: 'POST', path: 'v3/odd', family: 'v3', parameters: [{ name: '_', in: 'body', schema: { type: 'object', properties: { a: { type: '20150806125346' }, b: { type: 'string', format: 'nonsense' } } } }], responses: 'none' },
          ],
        }),
      );
      const { operations, problems } = generate(path);
      expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['GET v3/good/{id}', 'POST v3/odd']));
      expect(problems.list).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ operation: 'FETCH v3/no-method', issue: expect.stringContaining('skipped') }),
          expect.objectContaining({ operation: 'operations[2]', issue: expect.stringContaining('unreadable') }),
          expect.objectContaining({ operation: 'POST v3/odd', where: 'body/a', issue: expect.stringContaining('holds a value ("20150806125346")') }),
          expect.objectContaining({ operation: 'POST v3/odd', where: 'body/b', issue: expect.stringContaining('unknown string format `nonsense`') }),
        ]),
      );
      const odd = operations.find((o) => o.path === 'v3/odd')!;
      expect(odd.body).toEqual({ a: { type: 'string' }, b: { type: 'string' } });
      expect(problems.report()).toMatch(/\d+ problem\(s\) in \d+ catalogue entries/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
