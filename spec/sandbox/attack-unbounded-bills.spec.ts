/**
 * Attack: apply for bills and never download them. Every application kept its file for good
 * (3,000 cost +420 MB). The bill store now sweeps expired files and bounds how many files and bytes it holds.
 */
import { Sandbox } from '../../lib/sandbox';
import { BillStore, DEFAULT_BILL_STORE_LIMITS } from '../../lib/sandbox/bill-store';
import type { BillFile } from '../../lib/sandbox/world';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { send, type WireConfig } from '../helpers/sandbox-wire';

const beijingDay = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const file = (bytes: number, expiresAt: number): BillFile => ({ mchid: '1', bytes: Buffer.alloc(bytes), gzip: false, expiresAt });

describe('bill applications that are never downloaded', () => {
  let sandbox: Sandbox;
  let config: WireConfig;
  let clock = Date.now();

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys(), now: () => clock });
    config = sandbox.clientConfig();
  });
  afterAll(() => sandbox?.stop());

  const apply = async (): Promise<string> => {
    const answer = await send(config, 'GET', `/v3/bill/tradebill?bill_date=${beijingDay(clock)}&bill_type=ALL`, { timestamp: Math.floor(clock / 1000) });
    expect(answer.status).toBe(200);
    const url = new URL(answer.json.download_url as string);
    return url.pathname + url.search;
  };
  const download = (target: string) => send(config, 'GET', target, { timestamp: Math.floor(clock / 1000) });

  it(`holds at most ${DEFAULT_BILL_STORE_LIMITS.maxFiles} files: the oldest URL answers "expired", the newest still downloads`, async () => {
    const first = await apply();
    let last = first;
    for (let index = 0; index < DEFAULT_BILL_STORE_LIMITS.maxFiles + 20; index++) last = await apply();

    const evicted = await download(first);
    expect(evicted.status).toBe(400);
    expect(evicted.json.code).toBe('INVALID_REQUEST');
    expect((await download(last)).status).toBe(200);
  }, 120_000);

  it('answers "expired" once a URL has outlived its five minutes', async () => {
    const old = await apply();
    clock += 6 * 60_000; // past the five-minute URL lifetime
    await apply();
    expect((await download(old)).status).toBe(400);
  }, 30_000);
});

describe('BillStore', () => {
  it('sweeps expired files on every put', () => {
    const store = new BillStore({ maxFiles: 100, maxBytes: 1 << 20 });
    for (let index = 0; index < 50; index++) store.put(`old${index}`, file(100, 1_000), 0);
    expect(store.size).toBe(50);
    store.put('new', file(100, 10_000), 2_000);
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(100);
    expect(store.get('old0', 2_000)).toBeUndefined();
  });

  it('bounds the bytes held, dropping the oldest first', () => {
    const store = new BillStore({ maxFiles: 100, maxBytes: 1_000 });
    for (let index = 0; index < 30; index++) store.put(`t${index}`, file(100, 10_000), 0);
    expect(store.bytes).toBeLessThanOrEqual(1_000);
    expect(store.size).toBe(10);
    expect(store.get('t0', 0)).toBeUndefined();
    expect(store.get('t29', 0)?.bytes.length).toBe(100);
  });

  it('keeps a file larger than the byte cap on its own rather than refusing it', () => {
    const store = new BillStore({ maxFiles: 10, maxBytes: 1_000 });
    store.put('a', file(500, 10_000), 0);
    store.put('big', file(5_000, 10_000), 0);
    expect(store.size).toBe(1);
    expect(store.get('big', 0)).toBeDefined();
  });

  it('answers nothing for an expired token and forgets it', () => {
    const store = new BillStore();
    store.put('t', file(10, 1_000), 0);
    expect(store.get('t', 999)).toBeDefined();
    expect(store.get('t', 1_001)).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
