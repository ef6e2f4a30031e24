/**
 * A handler is bound to its endpoint description; the request it receives has already passed the
 * description's validation, so its path, query and body carry the description's types.
 */
import { createHash } from 'node:crypto';
import type { EndpointDescription } from '../../endpoints/types';
import type { BodyOf, PathParamsOf, QueryOf } from '../../endpoints/values';
import type { FormPart } from '../multipart';
import type { Reply } from '../reply';
import type { SandboxWorld } from '../world';

export interface Call<E extends EndpointDescription = EndpointDescription> {
  readonly endpoint: E;
  readonly params: PathParamsOf<E>;
  readonly query: QueryOf<E>;
  readonly body: BodyOf<E>;
  /** Plain text of the encrypted fields: body ones by JSON pointer (`/real_name`), query ones by name. */
  readonly decrypted: ReadonlyMap<string, string>;
  /** The merchant that signed the request. */
  readonly mchid: string;
  readonly world: SandboxWorld;
  /** The parts of a `multipart/form-data` request (media uploads), in arrival order; absent otherwise. */
  readonly form?: readonly FormPart[];
}

export interface Route {
  readonly endpoint: EndpointDescription;
  readonly handle: (call: Call) => Reply;
}

export function route<E extends EndpointDescription>(endpoint: E, handle: (call: Call<E>) => Reply): Route {
  return { endpoint, handle: handle as unknown as Route['handle'] };
}

/** A stable digest of a request, so an identical retry can be told from a conflicting reuse of an id. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
