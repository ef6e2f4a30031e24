/**
 * The typed trie and the runtime Proxy agree: walking every property the type declares (read from the
 * type checker, not written here), the runtime node reached by the same name has the very pathname the
 * type states as a literal, and every described template is reached by properties alone.
 */
import { Builder, type BuilderChainable } from '../../lib';
import { endpoints } from '../../lib/endpoints';
import { testConfig } from '../helpers/config';
import { declaredProperties, type TypedProperty } from '../helpers/types-compiler';

const MEMBERS = new Set(['get', 'post', 'put', 'patch', 'delete', 'getAsync', 'postAsync', 'putAsync', 'patchAsync', 'deleteAsync', 'chain', 'getDriver', 'pathname', 'toString', 'toJSON']);

describe('the typed trie', () => {
  let root: TypedProperty[];
  let instance: BuilderChainable;

  beforeAll(() => {
    instance = Builder.factory(testConfig());
    root = declaredProperties(`import type { ChainRoot } from '../../lib/builder/chainable';\nexport declare const instance: ChainRoot;\n`, 'instance');
  });

  it('names what the runtime reaches by the same property, at every level', () => {
    const reached = new Set<string>();
    const walk = (node: BuilderChainable, properties: TypedProperty[], spelled: string): void => {
      for (const property of properties.filter((p) => !MEMBERS.has(p.name))) {
        const child = node[property.name]!;
        const spelling = `${spelled}[${JSON.stringify(property.name)}]`;
        expect({ spelling, pathname: child.pathname }).toEqual({ spelling, pathname: property.pathname });
        if (!property.name.includes('/')) reached.add(property.pathname);
        walk(child, property.children, spelling);
      }
    };
    walk(instance, root, 'instance');
    // v3 and its descendants: ecommerce, individualContracts, _openid_, $openid$, … (about sixty nodes)
    expect(reached.size).toBeGreaterThan(30);
    expect([...reached]).toEqual(expect.arrayContaining(endpoints.map((endpoint) => endpoint.path)));
  });

  it('has every described template as a whole-path key of the root', () => {
    const keys = root.filter((p) => p.name.includes('/')).map((p) => p.name);
    expect(keys.sort()).toEqual(endpoints.map((endpoint) => endpoint.path).sort());
  });
});
