/**
 * The typed trie and the runtime Proxy agree: walking every property the type declares (read from the
 * type checker, not written here), the runtime node reached by the same name has the very pathname the
 * type states as a literal; every catalogued template whose segments all have a property spelling is
 * reached by properties alone, and every spelling of every template is a whole-path key of the root.
 */
import { Builder, type BuilderChainable } from '../../lib';
import { allOperations } from '../../lib/endpoints';
import { propertyNames } from '../../scripts/endpoints/emit-types';
import { testConfig } from '../helpers/config';
import { declaredProperties, type TypedProperty } from '../helpers/types-compiler';

const MEMBERS = new Set(['get', 'post', 'put', 'patch', 'delete', 'getAsync', 'postAsync', 'putAsync', 'patchAsync', 'deleteAsync', 'chain', 'getDriver', 'pathname', 'toString', 'toJSON']);

const templates = [...new Set(allOperations().flatMap((operation) => [operation.path, ...(operation.php ? [operation.php] : [])]))];

describe('the typed trie', () => {
  let root: TypedProperty[];
  let instance: BuilderChainable;

  beforeAll(() => {
    instance = Builder.factory(testConfig());
    root = declaredProperties(`import type { ChainRoot } from '../../lib/builder/chainable';\nexport declare const instance: ChainRoot;\n`, 'instance');
  }, 300_000);

  it('names what the runtime reaches by the same property, at every level', () => {
    const reached = new Set<string>();
    const mismatches: string[] = [];
    const walk = (node: BuilderChainable, properties: TypedProperty[], spelled: string): void => {
      for (const property of properties.filter((p) => !MEMBERS.has(p.name) && !p.name.includes('/'))) {
        const child = node[property.name]!;
        const spelling = `${spelled}.${property.name}`;
        if (child.pathname !== property.pathname) mismatches.push(`${spelling}: runtime ${child.pathname}, type ${property.pathname}`);
        reached.add(property.pathname);
        walk(child, property.children, spelling);
      }
    };
    walk(instance, root, 'instance');
    expect(mismatches).toEqual([]);
    const byProperties = templates.filter((template) => template.split('/').every((segment) => propertyNames(segment).length > 0));
    expect(byProperties.length).toBeGreaterThan(1000);
    expect(byProperties.filter((template) => !reached.has(template))).toEqual([]);
  });

  it('has every spelling of every catalogued template as a whole-path key of the root', () => {
    const keys = root.filter((p) => p.name.includes('/')).map((p) => p.name);
    expect(keys.sort()).toEqual([...templates].sort());
  });
});
