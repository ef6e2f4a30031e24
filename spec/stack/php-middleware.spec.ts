/**
 * PHP-style middleware: `$handler($request, $options)->then(...)`, as in the PHP README's remote-verifier
 * recipe, ported line for line. Under a synchronous verb the handler's result is a settled promise (Guzzle's
 * FulfilledPromise), so the recipe runs there too; a callback that only settles on the event loop fails with
 * the documented SyncModeException, never `TypeError: ….then is not a function`.
 */
import {
  Builder,
  Formatter,
  GuzzlePromise,
  Rsa,
  RequestException,
  SyncModeException,
  type Middleware,
  type Request,
  type Response,
} from '../../lib';
import { v3ServerForSuite } from '../helpers/v3-server';

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;

describe('the PHP README remote-verifier recipe', () => {
  const suite = v3ServerForSuite('pubkey');

  /** Stands for `$remoteVerifier->verify(...)`: 'OK' when WeChat Pay's signature holds. */
  function remoteVerify(response: Response): string {
    const certs = suite().config.certs as Record<string, string>;
    const key = certs[response.getHeaderLine('Wechatpay-Serial')];
    if (!key) return 'UNKNOWN_SERIAL';
    const message = Formatter.response(response.getHeaderLine('Wechatpay-Timestamp'), response.getHeaderLine('Wechatpay-Nonce'), String(response.getBody()));
    return Rsa.verify(message, response.getHeaderLine('Wechatpay-Signature'), Rsa.from(key, Rsa.KEY_TYPE_PUBLIC)) ? 'OK' : 'FAILED';
  }

  function installRemoteVerifier(verify: (response: Response) => string | Promise<string>) {
    const instance = Builder.factory(suite().config);
    let calls = 0;
    // $stack = $instance->getDriver()->select(ClientDecoratorInterface::JSON_BASED)->getConfig('handler');
    const stack = instance.getDriver().select('v3').getConfig('handler');
    // $stack->remove('verifier');
    stack.remove('verifier');
    // $stack->before('http_errors', static function (callable $handler) use ($remoteVerifier): callable {
    //     return static function (RequestInterface $request, array $options = []) use ($remoteVerifier, $handler) {
    //         return $handler($request, $options)->then(
    //             static function (ResponseInterface $response) use ($remoteVerifier, $request): ResponseInterface {
    //                 $verified = $remoteVerifier->verify(...);
    //                 if ($verified === 'OK') { return $response; }
    //                 throw new RequestException('签名验签失败', $request, $response);
    //             });
    //     };
    // }, 'verifier');
    const remoteVerifier: Middleware = (handler) => (request: Request, requestOptions) =>
      handler(request, requestOptions).then((response) => {
        calls++;
        const checked = verify(response);
        const decide = (verified: string): Response => {
          if (verified === 'OK') return response;
          throw new RequestException('签名验签失败', request, response);
        };
        return typeof checked === 'string' ? decide(checked) : checked.then(decide);
      });
    stack.before('http_errors', remoteVerifier, 'verifier');
    return { instance, calls: () => calls };
  }

  it('runs under the synchronous verb: the handler result is a settled promise', () => {
    const { instance, calls } = installRemoteVerifier(remoteVerify);
    // $response = $instance->v3->ecommerce->individualContracts->_openid_->get($options);
    const response = instance.v3.ecommerce.individualContracts._openid_.get(options);
    expect(response.json()).toMatchObject({ auth_state: 'AUTHORIZED' });
    expect(calls()).toBe(1);
  });

  it('runs under the promise verb', async () => {
    const { instance, calls } = installRemoteVerifier(remoteVerify);
    const response = await instance.v3.ecommerce.individualContracts._openid_.getAsync(options);
    expect(response.json()).toMatchObject({ auth_state: 'AUTHORIZED' });
    expect(calls()).toBe(1);
  });

  it('a refusal by the verifier is the RequestException it throws, under both verb kinds', async () => {
    const { instance } = installRemoteVerifier(() => 'FAILED');
    expect(() => instance.v3.ecommerce.individualContracts._openid_.get(options)).toThrow(new RequestException('签名验签失败', {} as Request));
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(options)).rejects.toThrow('签名验签失败');
  });

  it('an asynchronous remote verifier serves the promise verb, and under the synchronous verb is a SyncModeException naming it', async () => {
    const { instance } = installRemoteVerifier(async (response) => remoteVerify(response));
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(options)).resolves.toMatchObject({ status: 200 });
    let thrown: unknown;
    try {
      instance.v3.ecommerce.individualContracts._openid_.get(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyncModeException);
    expect(thrown).not.toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/`verifier` returned a Promise under a synchronous verb.*getAsync\(\)\) and `await`/);
  });

  it('under a synchronous verb the next handler gives a settled Guzzle promise (FulfilledPromise)', () => {
    const seen: string[] = [];
    const { instance } = installRemoteVerifier(remoteVerify);
    const stack = instance.getDriver().select().getConfig('handler');
    stack.unshift((handler) => (request, requestOptions) => {
      const result = handler(request, requestOptions);
      seen.push(`${result instanceof GuzzlePromise}:${result.getState()}`);
      return result.otherwise((reason: Error) => {
        throw reason;
      });
    }, 'probe');
    instance.v3.ecommerce.individualContracts._openid_.get(options);
    expect(seen).toEqual(['true:fulfilled']);
  });
});
