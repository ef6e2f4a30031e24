/**
 * Where a description says a request carries encrypted (sensitive) fields: their JSON pointers,
 * with `*` standing for every index of an array (`/receivers/*\/name`), nested objects included.
 */
import type { EndpointDescription, FieldSpec, Fields } from '../endpoints/types';

/** The fields a request's JSON travels in: its body, or for an upload the `meta` part of its form. */
export function bodyFields(endpoint: EndpointDescription): Fields | undefined {
  const meta = endpoint.formData?.meta;
  return endpoint.body ?? (meta?.type === 'object' ? meta.properties : undefined);
}

/** The pointers of every encrypted string field under `fields`, in description order. */
export function sensitivePointers(fields: Fields | undefined, prefix = ''): string[] {
  return Object.entries(fields ?? {}).flatMap(([name, spec]) => pointersOf(spec, `${prefix}/${name}`));
}

function pointersOf(spec: FieldSpec, pointer: string): string[] {
  if (spec.type === 'string') return spec.encrypted ? [pointer] : [];
  if (spec.type === 'object') return sensitivePointers(spec.properties, pointer);
  if (spec.type === 'array') return pointersOf(spec.items, `${pointer}/*`);
  return [];
}

/** Replaces, in a copy of `body`, each string found at one of `pointers` by `transform(value, concretePointer)`. */
export function mapAtPointers<T>(body: T, pointers: readonly string[], transform: (value: unknown, pointer: string) => string): T {
  const copy = structuredClone(body);
  for (const pointer of pointers) visit(copy, pointer.split('/').slice(1), '', transform);
  return copy;
}

function visit(node: unknown, keys: readonly string[], at: string, transform: (value: unknown, pointer: string) => string): void {
  if (node === null || typeof node !== 'object') return;
  const [key, ...rest] = keys;
  if (key === undefined) return;
  const container = node as Record<string, unknown>;
  const names = key === '*' ? (Array.isArray(node) ? node.map((_, index) => String(index)) : []) : [key];
  for (const name of names) {
    if (!(name in container) || container[name] === undefined || container[name] === null) continue;
    if (rest.length === 0) container[name] = transform(container[name], `${at}/${name}`);
    else visit(container[name], rest, `${at}/${name}`, transform);
  }
}
