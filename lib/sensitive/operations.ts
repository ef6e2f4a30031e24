/** The description of an operation by method and template, loaded on first use (never on import). */
import type { EndpointDescription } from '../endpoints/types';

export function describedOperation(method: string, path: string): EndpointDescription | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  const { endpoints } = require('../endpoints') as typeof import('../endpoints');
  const template = path.replace(/^\/+/, '');
  return (endpoints as readonly EndpointDescription[]).find((endpoint) => endpoint.method === method.toUpperCase() && endpoint.path === template);
}
