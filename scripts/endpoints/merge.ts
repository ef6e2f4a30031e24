/**
 * Hand-written overrides over generated descriptions. An override names its operation by method and
 * path and replaces the parts it gives (its fields, response, error codes, `oneOf`, `signerMchid`), while
 * the catalogue's facts it does not restate (family, official name, areas, roles) stay, and so do the
 * catalogue's examples of the fields the override keeps (the sandbox builds requests and answers from them).
 */
import type { EndpointDescription, FieldSpec, Fields } from '../../lib/endpoints/types';
import { operationKey } from './operation';
import type { Problems } from './problems';

export function mergeOverrides(
  generated: readonly EndpointDescription[],
  overrides: readonly EndpointDescription[],
  problems: Problems,
): EndpointDescription[] {
  const byKey = new Map(overrides.map((override) => [operationKey(override), override]));
  const merged = generated.map((description) => {
    const override = byKey.get(operationKey(description));
    // The Hong Kong host's operation of the same path keeps the catalogue's reading.
    if (!override || description.family === 'hk') return description;
    const merged = { ...description, ...override } as Record<string, unknown>;
    for (const part of ['pathParams', 'query', 'headers', 'body', 'formData'] as const) {
      if (override[part]) merged[part] = withExamples(override[part], description[part]);
    }
    if (override.response.body) merged.response = { ...override.response, body: withExamples(override.response.body, description.response.body) };
    return merged as unknown as EndpointDescription;
  });
  const known = new Set(generated.map(operationKey));
  for (const [key, override] of byKey) {
    if (known.has(key)) continue;
    problems.add(key, 'override', 'overrides an operation the catalogue lacks; added as written');
    merged.push({ family: 'v3', ...override });
  }
  return merged;
}

/** `fields` as written, each borrowing the catalogue's `example` where it gives none. */
function withExamples(fields: Fields, catalogue: Fields | undefined): Fields {
  if (!catalogue) return fields;
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, fieldWithExample(field, catalogue[name])]));
}

function fieldWithExample(field: FieldSpec, catalogue: FieldSpec | undefined): FieldSpec {
  if (!catalogue || catalogue.type !== field.type) return field;
  let out = field;
  if (field.example === undefined && catalogue.example !== undefined) out = { ...out, example: catalogue.example } as FieldSpec;
  if (out.type === 'object' && out.properties && catalogue.type === 'object') out = { ...out, properties: withExamples(out.properties, catalogue.properties) };
  if (out.type === 'array' && catalogue.type === 'array') out = { ...out, items: fieldWithExample(out.items, catalogue.items) };
  return out;
}
