/**
 * Guzzle's promise methods on the promise verbs: `then()` and `otherwise()` chain, and `wait()` settles
 * the chain on the calling thread where that is honest (the outcome is there, or the request has not been
 * sent and takes the synchronous path, once), else it throws a SyncModeException saying to use `await`.
 * Each case shows the PHP line above its TypeScript port; the requests go to a real signing, verifying suite().
 */
import {
  Builder,
  ClientException,
  GuzzlePromise,
  Middleware,
  Response,
  SyncModeException,
  WAIT_WOULD_BLOCK,
  type HandlerStack,
} from '../../lib';
import { v3ServerForSuite } from '../helpers/v3-server';

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;

describe('GuzzlePromise on its own', () => {
  it('then() returns a GuzzlePromise, and wait() runs the callbacks of a settled chain synchronously, once', async () => {
    let calls = 0;
    // $p = new FulfilledPromise(1); $p->then(fn($v) => $v + 1)->wait();
    const chained = GuzzlePromise.fulfilled(1).then((v) => {
      calls++;
      return v + 1;
    });
    expect(chained).toBeInstanceOf(GuzzlePromise);
    expect(chained).toBeInstanceOf(Promise);
    expect(chained.wait()).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(1);
    expect(await chained).toBe(2);
  });

  it('otherwise() catches, and wait() throws an unhandled rejection as PHP does', () => {
    const failure = new Error('no');
    // (new RejectedPromise($e))->otherwise(fn($e) => 'caught')->wait();
    expect(GuzzlePromise.rejected(failure).otherwise(() => 'caught').wait()).toBe('caught');
    // (new RejectedPromise($e))->wait();
    expect(() => GuzzlePromise.rejected(failure).wait()).toThrow(failure);
    // ->wait(false) settles without unwrapping
    expect(GuzzlePromise.rejected(failure).wait(false)).toBeUndefined();
  });

  it('a callback that returns a native pending Promise cannot be waited: SyncModeException, never a TypeError', async () => {
    const chained = GuzzlePromise.fulfilled(1).then(async (v) => v + 1);
    expect(() => chained.wait()).toThrow(SyncModeException);
    expect(() => chained.wait()).toThrow(/Use `await`/);
    await expect(chained).resolves.toBe(2);
  });

  it('getState() reports pending, fulfilled and rejected', async () => {
    const later = GuzzlePromise.try(() => Promise.resolve('x'));
    expect(later.getState()).toBe('pending');
    await later;
    expect(later.getState()).toBe('fulfilled');
    const failed = GuzzlePromise.rejected(new Error('x'));
    failed.otherwise(() => undefined);
    expect(failed.getState()).toBe('rejected');
  });
});

describe('the promise verbs return Guzzle promises', () => {
  const suite = v3ServerForSuite('pubkey');
  beforeEach(async () => {
    await suite().requests();
  });

  it('->then(...)->otherwise(...)->wait() ported verbatim runs, sending the request once', async () => {
    const instance = Builder.factory(suite().config);
    // $state = $instance->v3->ecommerce->individualContracts->_openid_->getAsync($options)
    //   ->then(static function ($response) { return json_decode((string) $response->getBody(), true)['auth_state']; })
    //   ->otherwise(static function ($e) { return 'FAILED: ' . $e->getMessage(); })
    //   ->wait();
    const state = instance.v3.ecommerce.individualContracts._openid_
      .getAsync(options)
      .then((response) => JSON.parse(String(response.getBody())).auth_state as string)
      .otherwise((e: Error) => `FAILED: ${e.message}`)
      .wait();
    expect(state).toBe('AUTHORIZED');
    expect((await suite().requests()).map((r) => r.authorization)).toEqual(['ok']);
  });

  it('a POST taken over by wait() is sent once, never a second time', async () => {
    const instance = Builder.factory(suite().config);
    // $instance->chain('v3/php-port/echo')->postAsync(['json' => [...]])->wait();
    const response = instance.chain('v3/php-port/echo').postAsync({ json: { out_trade_no: 'once' } }).wait();
    expect(response.json()).toMatchObject({ method: 'POST', target: '/v3/php-port/echo' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await suite().requests()).map((r) => `${r.method} ${r.target}`)).toEqual(['POST /v3/php-port/echo']);
  });

  it('otherwise() receives the Guzzle exception; getCode() is the HTTP status', async () => {
    await suite().scenario({ name: 'error', status: 404, body: { code: 'NOT_FOUND', message: 'none' }, once: true });
    const instance = Builder.factory(suite().config);
    // ->otherwise(static function ($e) { return [get_class($e), $e->getCode()]; })->wait();
    const [kind, code] = instance.v3.ecommerce.individualContracts._openid_
      .getAsync(options)
      .then(() => ['none', 0] as const)
      .otherwise((e: ClientException) => [e.name, e.getCode()] as const)
      .wait();
    expect([kind, code]).toEqual(['ClientException', 404]);
  });

  it('wait() on a failed request throws the exception, as PHP does', async () => {
    await suite().scenario({ name: 'error', status: 404, body: { code: 'NOT_FOUND', message: 'none' }, once: true });
    const instance = Builder.factory(suite().config);
    // try { $instance->...->getAsync($options)->wait(); } catch (ClientException $e) { … }
    expect(() => instance.v3.ecommerce.individualContracts._openid_.getAsync(options).wait()).toThrow(ClientException);
  });

  it('wait() after the promise has settled returns the response', async () => {
    const instance = Builder.factory(suite().config);
    const promise = instance.v3.ecommerce.individualContracts._openid_.getAsync(options);
    const awaited = await promise;
    expect(promise.wait()).toBe(awaited);
  });

  it('wait() while the request is in flight on this thread throws SyncModeException (use await), and the request still completes once', async () => {
    const instance = Builder.factory(suite().config);
    const promise = instance.v3.ecommerce.individualContracts._openid_.getAsync(options);
    await Promise.resolve(); // the request has now been handed to undici on this thread
    let thrown: unknown;
    try {
      promise.wait();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyncModeException);
    expect(thrown).toMatchObject({ code: WAIT_WOULD_BLOCK, message: expect.stringContaining('Use `await`') });
    expect((await promise).getStatusCode()).toBe(200);
    expect(await suite().requests()).toHaveLength(1);
  });

  it('wait() on a request whose stack has an asynchronous entry says to use await, and sends nothing', async () => {
    const instance = Builder.factory(suite().config);
    const stack = instance.getDriver().select().getConfig('handler');
    stack.push(Middleware.mapRequest(async (request) => request), 'remote_step');
    const promise = instance.v3.ecommerce.individualContracts._openid_.getAsync(options);
    expect(() => promise.wait()).toThrow(SyncModeException);
    await expect(promise).rejects.toThrow(/wait\(\) runs the request through the synchronous path.*use `await`/s);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await suite().requests()).toEqual([]);
    // With `await`, the same client serves it.
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(options)).resolves.toBeInstanceOf(Response);
  });

  it('getConfig("handler") is typed as a HandlerStack', () => {
    const instance = Builder.factory(suite().config);
    const stack: HandlerStack = instance.getDriver().select().getConfig('handler');
    expect(stack.names()).toContain('signer');
  });
});
