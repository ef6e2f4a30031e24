/**
 * Property names that are never path segments, so the runtime's and tools' probes of an object
 * (`await node`, `JSON.stringify`, `String`, `console.log`, jest matchers and pretty-format) neither
 * send a request nor grow the chain.
 */
export const NEVER_SEGMENTS: ReadonlySet<string> = new Set([
  'then', 'catch', 'finally',
  'toJSON', 'toString', 'valueOf', 'toLocaleString', 'inspect', 'constructor', '__proto__',
  'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
]);

export const SYNC_VERBS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export const ASYNC_VERBS = ['getAsync', 'postAsync', 'putAsync', 'patchAsync', 'deleteAsync'] as const;

export type SyncVerb = (typeof SYNC_VERBS)[number];
export type AsyncVerb = (typeof ASYNC_VERBS)[number];
