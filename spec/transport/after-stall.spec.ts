/**
 * A keep-alive connection that the server closed while this thread was stalled (a long synchronous verb,
 * a long computation) must not carry the next promise request. Real signed requests over 127.0.0.1, to a
 * server that ends connections idle for 150 ms and gives no `Keep-Alive: timeout=` hint, so the client
 * believes them open. Retries are off, so only the transport stands between the user and the failure.
 */
import { stat } from 'node:fs';
import { Builder, closeSyncBridge, type BuilderChainable } from '../../lib';
import { STALL_MS, afterStall, loopSeen } from '../../lib/transport/after-stall';
import { startV3Server, type V3Server } from '../helpers/v3-server';

const IDLE_CLOSE_MS = 150;
/** Long enough for the server's close to arrive while this thread is stalled, even on a loaded machine. */
const LONG_STALL_MS = 700;

/** Blocks this thread, as a long synchronous computation does. */
function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Resolves inside an I/O callback: the stall then happens in the poll phase, where most promise code runs
 * (an answer just arrived), so no poll comes between its end and the check phase that follows.
 */
function inIoCallback(): Promise<void> {
  return new Promise((resolve) => stat(__filename, () => resolve()));
}

const seed = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' as const } };
const order = { json: { mchid: '1900000109', out_trade_no: 'stall-1', amount: { total: 1 } } };

afterAll(() => closeSyncBridge());

describe.each([
  ['a FIN', 'end'],
  ['a RST', 'reset'],
] as const)('a connection the server ended with %s during the stall', (_label, how) => {
  let server: V3Server;
  let instance: BuilderChainable;

  beforeAll(async () => {
    server = await startV3Server('pubkey', { idleClose: { afterMs: IDLE_CLOSE_MS, how } });
    instance = Builder.factory({ ...server.config, retry: false });
  });
  afterAll(async () => {
    await instance.getDriver().close();
    await server.close();
  });

  /** The requests the server received, and whether each came over the first one's connection. */
  async function received(): Promise<Array<[string, boolean]>> {
    const requests = await server.requests();
    return requests.map((r) => [`${r.method} ${r.authorization}`, r.remotePort === requests[0]!.remotePort]);
  }

  it('a POST sent in the turn a long computation ends goes out once, over a new connection', async () => {
    await instance.v3.pay.transactions.native.postAsync(order);
    await inIoCallback();
    stall(LONG_STALL_MS);
    const answer = await instance.v3.pay.transactions.native.postAsync(order);
    expect(answer.status).toBe(200);
    expect(await received()).toEqual([
      ['POST ok', true],
      ['POST ok', false],
    ]);
  });

  it('a GET sent right after a synchronous verb that waited past the close goes out once, over a new connection', async () => {
    await instance.v3.ecommerce.individualContracts._openid_.getAsync(seed);
    await server.scenario({ name: 'never', once: true }); // the synchronous call below waits out its timeout
    expect(() => instance.v3.ecommerce.individualContracts._openid_.get({ ...seed, timeout: LONG_STALL_MS / 1000 })).toThrow(/no complete response within/);
    const answer = await instance.v3.ecommerce.individualContracts._openid_.getAsync(seed);
    expect(answer.json<{ auth_state: string }>().auth_state).toBe('AUTHORIZED');
    // The synchronous verb's own connection is the worker's; the promise verbs' first one is gone.
    const [first, unanswered, after] = await received();
    expect(first).toEqual(['GET ok', true]);
    expect(unanswered?.[0]).toBe('GET ok');
    expect(after).toEqual(['GET ok', false]);
  });
});

describe('afterStall()', () => {
  it('lets a send go straight out while the loop turns, and holds every send of a stalled turn for one round', async () => {
    loopSeen();
    expect(afterStall()).toBeUndefined();
    stall(STALL_MS + 50);
    const round = afterStall();
    expect(round).toBeInstanceOf(Promise);
    expect(afterStall()).toBe(round); // a second send of the same turn waits for the same round
    await round;
    expect(afterStall()).toBeUndefined();
  });

  it('waits on the real event loop even while a test fakes the timers', async () => {
    stall(STALL_MS + 50);
    jest.useFakeTimers();
    try {
      const round = afterStall();
      expect(round).toBeInstanceOf(Promise);
      await round; // with the global setImmediate this would never settle (jest would time the test out)
    } finally {
      jest.useRealTimers();
    }
  }, 10_000);
});
