/**
 * Every product area (catalogue tag) is typed: for one operation of each, the smallest valid call
 * compiles, in the chain spelling a caller writes; leaving out one required field does not, and the
 * compiler names that field.
 */
import { allOperations } from '../../lib/endpoints';
import type { EndpointDescription } from '../../lib/endpoints/types';
import { chainExpression, requiredFieldPath, sampleOptions } from '../helpers/sample-calls';
import { typeCheck, type Checked } from '../helpers/types-compiler';

const preamble = `import type { ChainRoot } from '../../lib/builder/chainable';\ndeclare const instance: ChainRoot;\n`;

/** One operation per area: the first with a required field to leave out, else the first. */
function sampleOfEachArea(): Array<[string, EndpointDescription]> {
  const byArea = new Map<string, EndpointDescription[]>();
  for (const operation of allOperations()) {
    if (operation.family === 'hk' && operation.path === 'v3/certificates') continue; // the v3 reading of that path is the typed one
    for (const tag of operation.tags ?? []) byArea.set(tag, [...(byArea.get(tag) ?? []), operation]);
  }
  return [...byArea].map(([tag, operations]) => [tag, operations.find((o) => requiredFieldPath(o) && !o.formData) ?? operations[0]!]);
}

const samples = sampleOfEachArea();
const call = (operation: EndpointDescription, options: string) => `${chainExpression(operation.path)}.${operation.method.toLowerCase()}Async(${options})`;

let checked: Checked;

beforeAll(() => {
  const virtual: Record<string, string> = {
    'virtual-areas-valid.ts': `${preamble}${samples.map(([, operation], i) => `export const call${i} = () => ${call(operation, sampleOptions(operation))};`).join('\n')}\n`,
  };
  samples.forEach(([, operation], i) => {
    const omit = requiredFieldPath(operation);
    if (omit) virtual[`virtual-areas-missing-${i}.ts`] = `${preamble}export const call = () => ${call(operation, sampleOptions(operation, omit))};\n`;
  });
  checked = typeCheck(virtual);
}, 300_000);

describe('every product area is typed', () => {
  it('samples every area of the catalogue', () => {
    const areas = new Set(allOperations().flatMap((operation) => operation.tags ?? []));
    expect(samples.map(([tag]) => tag).sort()).toEqual([...areas].sort());
  });

  it('compiles the smallest valid call of each area', () => {
    expect(checked.diagnostics('virtual-areas-valid.ts')).toEqual([]);
  });

  it.each(samples.map(([tag, operation], i) => [tag, `${operation.method} ${operation.path}`, i] as const).filter(([, , i]) => requiredFieldPath(samples[i]![1])))(
    '%s (%s): a missing required field is a compile error naming it',
    (_, __, i) => {
      const field = requiredFieldPath(samples[i]![1])!.split('.')[1]!;
      const diagnostics = checked.diagnostics(`virtual-areas-missing-${i}.ts`).join('\n');
      expect(diagnostics).toMatch(new RegExp(`Property '${field}' is missing|'${field}' (is declared here|is missing)`));
    },
  );
});
