/** The catalogue file as it is stored (Swagger 2.0 facts, `$ref`s resolved): loose on purpose, it is community data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CATALOG_PATH = join(__dirname, '..', '..', 'catalog', 'wechatpay-apis.json');

/** A JSON-schema-like node; anything may be missing or of the wrong type. */
export type CatalogSchema = { readonly [key: string]: unknown };

export interface CatalogParameter extends CatalogSchema {
  readonly name?: unknown;
  readonly in?: unknown;
  readonly schema?: unknown;
}

export interface CatalogOperation {
  readonly method?: unknown;
  readonly path?: unknown;
  readonly php?: unknown;
  readonly family?: unknown;
  readonly base_uri?: unknown;
  readonly name?: unknown;
  readonly tags?: unknown;
  readonly roles?: unknown;
  readonly docs?: unknown;
  readonly updated?: unknown;
  readonly deprecated?: unknown;
  readonly consumes?: unknown;
  readonly produces?: unknown;
  readonly parameters?: unknown;
  readonly responses?: unknown;
  readonly 'is-sensitive'?: unknown;
  readonly [key: string]: unknown;
}

export interface Catalog {
  readonly source?: unknown;
  readonly operations: readonly CatalogOperation[];
}

export function readCatalog(path = CATALOG_PATH): Catalog {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { operations?: unknown };
  if (!Array.isArray(parsed.operations)) throw new Error(`${path} has no \`operations\` array`);
  return parsed as Catalog;
}

export function isRecord(value: unknown): value is CatalogSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
