/**
 * prepareRequest skips, for a template expanded by its skeleton's join, the splits and checks whose answers
 * the template's literals decide (path-shape.ts). Every request must come out as the general way makes it:
 * same protocol, URI and path, or the same error.
 */
import { resolveConfig } from '../../lib/client/config';
import { PLAIN_RELATIVE, V2_PREFIX, pathShapeOf, refuseDotSegments } from '../../lib/client/path-shape';
import { prepareRequest } from '../../lib/client/prepare-request';
import { expand } from '../../lib/template/expand';
import { mergeQuery } from '../../lib/formats/query';
import { parseTemplate } from '../../lib/template/parse';

const BASE = 'https://api.mch.weixin.qq.com/hk/';
const config = resolveConfig({ mchid: '1900000001', secret: 'k'.repeat(32), base_uri: BASE });

/** The general way, every step taken: expand, protocol, fragment, query, dot-segments, then resolution. */
function generally(template: string, variables: Record<string, string>, query: string | undefined): { protocol: string; uri: string } {
  const expanded = expand(template, variables, { strict: true });
  const protocol = V2_PREFIX.test(expanded) ? 'v2' : 'v3';
  const relative = protocol === 'v2' ? expanded.slice(3) : expanded;
  const target = relative.includes('#') ? relative.slice(0, relative.indexOf('#')) : relative;
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  refuseDotSegments(path, template);
  const written = mark === -1 ? '' : target.slice(mark + 1);
  const merged = query === undefined ? written : mergeQuery(written, query);
  const reference = merged ? `${path}?${merged}` : path;
  const uri = PLAIN_RELATIVE.test(path) ? new URL(`${BASE}${reference}`) : new URL(reference, BASE);
  return { protocol, uri: uri.href };
}

function outcome(run: () => { protocol: string; uri: string }): unknown {
  try {
    return run();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const TEMPLATES = [
  'v3/ecommerce/individual-contracts/{openid}', 'v3/a/{x}/b/{y}', 'v3/{x}{y}', 'v3/a.{x}', 'v3/.{x}/b', 'v3/{x}./b', 'v3/a/{x}/',
  'v2/pay/{x}', 'V2/{x}/pay', 'v2/{x}', '{x}/v3/a', 'v3/a?{x}', 'v3/a?b={x}', 'v3/a#{x}', 'v3/{x}?q=1', 'v3:x/{x}', 'v3/./{x}',
  'v3/%2e/{x}', 'v3/%2E%2e/{x}', 'v3/../{x}', 'v3/..a/{x}', '/v3/{x}', 'https://other.example/v3/{x}', 'v3', 'v3/a/..', 'v3\\{x}',
  'v3/a b/{x}', 'v3/{x}/{empty}', 'v3/billdownload/file?token={x}',
];
const VALUES = ['a', 'o用户', 'a b', '.', '..', '...', '%2e', '/', '?', '#', '\\', ':', ''];

it.each(TEMPLATES)('%s: every request as the general way makes it', (template) => {
  for (const x of VALUES) {
    for (const y of ['b', '.']) {
      const all: Record<string, string> = { x, y, openid: x, empty: '' };
      const variables = Object.fromEntries(parseTemplate(template).names.map((name) => [name, all[name]!]));
      for (const query of [undefined, 'b=z&q=1']) {
        const fast = outcome(() => {
          const prepared = prepareRequest('GET', template, query === undefined ? variables : { ...variables, query }, config);
          return { protocol: prepared.protocol, uri: prepared.request.uri.href };
        });
        expect([template, x, y, query, fast]).toEqual([template, x, y, query, outcome(() => generally(template, variables, query))]);
      }
    }
  }
});

it('decides from the literals only what they hold', () => {
  const shape = (template: string) => pathShapeOf(parseTemplate(template).simple!);
  expect(shape('v3/ecommerce/individual-contracts/{openid}')).toEqual({ protocol: 'v3', wholePath: true, plainFirstSegment: true });
  expect(shape('v2/pay/{x}')).toEqual({ protocol: 'v2', wholePath: true, plainFirstSegment: true });
  expect(shape('v3/a.{x}')?.wholePath).toBe(false); // `.` + `.` would make a dot-segment
  expect(shape('v3/a?b={x}')?.wholePath).toBe(false);
  expect(shape('v3/./{x}')?.wholePath).toBe(false);
  expect(shape('v3{x}/a')?.plainFirstSegment).toBeUndefined(); // the value is in the first segment
  expect(shape('{x}/v3/a')).toBeNull(); // the protocol depends on the value
});
