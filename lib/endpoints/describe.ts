/** Renders endpoint descriptions as the markdown list the README shows. */
import { overrides as endpoints } from './overrides/all';
import type { EndpointDescription, Fields } from './types';

/** One markdown bullet per endpoint (all of them by default): verb, path, summary, required inputs. */
export function describeEndpoints(list: readonly EndpointDescription[] = endpoints): string {
  return list.map(describeOne).join('\n') + '\n';
}

function describeOne(endpoint: EndpointDescription): string {
  const inputs = [
    ...requiredNames(endpoint.query, ' (query)'),
    ...requiredNames(endpoint.body, ''),
    ...(endpoint.oneOf ?? []).map((group) => group.map((name) => `\`${name}\``).join(' or ')),
  ];
  const needs = inputs.length > 0 ? ` Requires ${inputs.join(', ')}.` : '';
  const unsigned = endpoint.response.signed === false ? ' Response not signed.' : '';
  const family = endpoint.family === 'hk' ? ' (Hong Kong host)' : '';
  const docs = endpoint.docs ? ` [Docs](${endpoint.docs}).` : '';
  const deprecated = endpoint.deprecated ? ' Deprecated.' : '';
  return `- \`${endpoint.method} /${endpoint.path}\`${family} — ${endpoint.summary}.${needs}${unsigned}${deprecated}${docs}`;
}

function requiredNames(fields: Fields | undefined, where: string): string[] {
  return Object.entries(fields ?? {})
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => `\`${name}\`${spec.type === 'string' && spec.encrypted ? ' (encrypted)' : where}`);
}
