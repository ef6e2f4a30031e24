/**
 * docs/endpoints.md: every catalogued operation, grouped by product area, one line each (verb, path,
 * name, required inputs, docs link), plus the per-area summary the README shows.
 */
import { describeEndpoints } from '../../lib/endpoints/describe';
import type { EndpointDescription } from '../../lib/endpoints/types';
import { compare } from './compare';

const UNTAGGED = '(no area)';

/** Area → its operations, areas in code-unit order; an operation of several areas is listed under each. */
export function byArea(operations: readonly EndpointDescription[]): Map<string, EndpointDescription[]> {
  const areas = new Map<string, EndpointDescription[]>();
  for (const operation of operations) {
    for (const tag of operation.tags?.length ? operation.tags : [UNTAGGED]) areas.set(tag, [...(areas.get(tag) ?? []), operation]);
  }
  return new Map([...areas].sort(([a], [b]) => compare(a, b)));
}

/** The summary table: operations per API family, and the number of areas. */
export function areaSummary(operations: readonly EndpointDescription[]): string {
  const families = ['v3', 'v2', 'hk', 'global'] as const;
  const count = (family: string) => operations.filter((operation) => (operation.family ?? 'v3') === family).length;
  const areas = [...byArea(operations).keys()].filter((area) => area !== UNTAGGED).length;
  return [
    `| APIv3 | APIv2 | Hong Kong | global | product areas |`,
    `|---|---|---|---|---|`,
    `| ${families.map((family) => count(family).toLocaleString('en-US')).join(' | ')} | ${areas} |`,
  ].join('\n');
}

export function emitDocs(operations: readonly EndpointDescription[], banner: string): string {
  const areas = byArea(operations);
  const sections = [...areas].map(([area, list]) => `## ${area} (${list.length})\n\n${describeEndpoints(list)}`);
  return [
    `<!-- ${banner} -->`,
    '',
    '# WeChat Pay operations',
    '',
    `All ${operations.length.toLocaleString('en-US')} operations of the catalogue (\`catalog/\`), by product area: each is typed through the chain and described for the sandbox.`,
    '',
    areaSummary(operations),
    '',
    `Areas: ${[...areas].map(([area, list]) => `${area} (${list.length})`).join(' · ')}`,
    '',
    ...sections,
  ].join('\n');
}
