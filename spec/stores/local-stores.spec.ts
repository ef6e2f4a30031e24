/** MemoryStore and FileStore: values, expiry, isolation, and the file store's atomic replace under concurrency. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentException } from '../../lib/errors';
import { FileStore, MemoryStore, type KeyValueStore } from '../../lib/stores';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Make = (now: () => number) => KeyValueStore;
const kinds: Array<[string, Make]> = [
  ['MemoryStore', (now) => new MemoryStore({ now })],
  ['FileStore', (now) => new FileStore({ dir, now })],
];

describe.each(kinds)('%s', (_, make) => {
  it('keeps values until deleted, and forgets them after their TTL', async () => {
    let clock = 1_000_000;
    const store = make(() => clock);
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', 'one');
    await store.set('b', 'two', 10);
    expect(await store.get('a')).toBe('one');
    expect(await store.get('b')).toBe('two');
    clock += 10_000;
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('one');
    await store.set('a', 'uno');
    expect(await store.get('a')).toBe('uno');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
  });

  it('refuses a TTL that is not a positive number', async () => {
    const store = make(Date.now);
    await expect(Promise.resolve().then(() => store.set('a', 'x', 0))).rejects.toBeInstanceOf(InvalidArgumentException);
  });
});

it('two MemoryStores share nothing: no module-level state', () => {
  const a = new MemoryStore();
  const b = new MemoryStore();
  a.set('k', 'v');
  expect(b.get('k')).toBeUndefined();
});

describe('FileStore', () => {
  it('two instances on one directory see each other (what several processes do)', async () => {
    await new FileStore({ dir }).set('wechatpay-ts:certificates:1900000109@api.mch.weixin.qq.com', 'set');
    expect(await new FileStore({ dir }).get('wechatpay-ts:certificates:1900000109@api.mch.weixin.qq.com')).toBe('set');
  });

  it('maps any key to one file inside its directory', async () => {
    const store = new FileStore({ dir });
    await store.set('../../escape', 'x');
    await store.set('a/b', 'y');
    expect(readdirSync(dir).sort()).toEqual(['%2E%2E%2F%2E%2E%2Fescape.json', 'a%2Fb.json']);
    expect(await store.get('../../escape')).toBe('x');
  });

  it('reads a damaged file as absent', async () => {
    const store = new FileStore({ dir });
    await store.set('k', 'v');
    writeFileSync(join(dir, 'k.json'), '{"value": "half');
    expect(await store.get('k')).toBeUndefined();
  });

  it('readers never see half a value while writers replace it', async () => {
    const writers = [new FileStore({ dir }), new FileStore({ dir })];
    const reader = new FileStore({ dir });
    const values = Array.from({ length: 12 }, (_, i) => String(i % 10).repeat(512 * 1024));
    await writers[0]!.set('big', values[0]!);
    const seen: Array<string | undefined> = [];
    await Promise.all([
      ...values.map((value, i) => writers[i % 2]!.set('big', value)),
      ...Array.from({ length: 24 }, async () => seen.push(await reader.get('big'))),
    ]);
    for (const value of seen) expect(values).toContain(value);
    expect(readdirSync(dir)).toEqual(['big.json']); // no temporary file left behind
  });

  it('needs a directory', () => {
    expect(() => new FileStore({ dir: '' })).toThrow(InvalidArgumentException);
  });
});
