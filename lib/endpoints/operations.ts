/**
 * The descriptions of every catalogued operation (1,155), read from the generated JSON on first use
 * only: `import 'wechatpay-ts'` never loads these megabytes; the sandbox and the sensitive-field helper
 * do, when they first need an operation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiFamily, EndpointDescription } from './types';

interface Loaded {
  readonly list: readonly EndpointDescription[];
  /** `GET v3/…` → its descriptions (two only where the Hong Kong host repeats a path). */
  readonly byKey: ReadonlyMap<string, readonly EndpointDescription[]>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const file = join(__dirname, 'generated', 'operations.json');
  const { operations } = JSON.parse(readFileSync(file, 'utf8')) as { operations: EndpointDescription[] };
  const byKey = new Map<string, EndpointDescription[]>();
  for (const operation of operations) {
    const key = `${operation.method} ${operation.path}`;
    byKey.set(key, [...(byKey.get(key) ?? []), operation]);
  }
  return (loaded = { list: Object.freeze(operations), byKey });
}

/** Every catalogued operation, sorted by path, method and family (v3, global, hk, v2). */
export function allOperations(): readonly EndpointDescription[] {
  return load().list;
}

/**
 * The description of `method path` (the template as the chain names it: `v3/pay/transactions/{transaction_id}`,
 * `v2/pay/micropay`); `family` picks the Hong Kong reading of a path both hosts serve.
 */
export function findOperation(method: string, path: string, family?: ApiFamily): EndpointDescription | undefined {
  const found = load().byKey.get(`${method.toUpperCase()} ${path.replace(/^\/+/, '')}`);
  return family ? found?.find((operation) => operation.family === family) : found?.[0];
}
