/**
 * PHP's exception methods on every error, so ported catch blocks run unchanged: getMessage(), getCode()
 * (the HTTP status for a RequestException, as in Guzzle), getPrevious(), getTraceAsString(), getRequest(),
 * getResponse(), hasResponse(), getHandlerContext(). `code` stays the Node-style string. Messages show the
 * full request URI, query included, as Guzzle's do, with secrets redacted. Real exchanges with a real suite().
 */
import { createServer } from 'node:net';
import {
  Builder,
  ClientException,
  ConnectException,
  InvalidArgumentException,
  RequestException,
  TransferException,
} from '../lib';
import { v3ServerForSuite } from './helpers/v3-server';

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;

function caught(fn: () => unknown): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const suite = v3ServerForSuite('pubkey');

describe('ClientException (a 4xx)', () => {
  it('has PHP and Guzzle methods; code stays the string', async () => {
    await suite().scenario({ name: 'error', status: 404, body: { code: 'ORDER_NOT_EXIST', message: '订单不存在' }, once: true });
    const instance = Builder.factory(suite().config);
    // try { $instance->v3->…->get($options); } catch (ClientException $e) { … }
    const e = caught(() => instance.v3.ecommerce.individualContracts._openid_.get(options)) as ClientException;
    expect(e).toBeInstanceOf(ClientException);
    // $e->getCode() === 404
    expect(e.getCode()).toBe(404);
    expect(e.code).toBe('ORDER_NOT_EXIST');
    // $e->getMessage(): Guzzle's, with the full URI, query included
    expect(e.getMessage()).toBe(e.message);
    expect(e.getMessage()).toContain(`GET ${suite().baseUri}v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE\``);
    // $e->hasResponse(), $e->getResponse()->getStatusCode(), $e->getRequest()->getMethod()
    expect(e.hasResponse()).toBe(true);
    expect(e.getResponse()?.getStatusCode()).toBe(404);
    expect(e.getRequest().getMethod()).toBe('GET');
    expect(e.getPrevious()).toBeNull();
    // $e->getTraceAsString(): "#0 …\n#1 …\n#n {main}"
    expect(e.getTraceAsString()).toMatch(/^#0 at .+\n(#\d+ at .+\n)*#\d+ \{main\}$/);
    expect(e.getHandlerContext()).toEqual({ errno: 'ORDER_NOT_EXIST' });
    expect(e.getMessage()).not.toMatch(/signature="[A-Za-z0-9+/=]{20,}/);
  });
});

describe('RequestException (a response that fails verification)', () => {
  it('getCode() is the status of the response it carries', async () => {
    await suite().scenario({ name: 'tamper', once: true });
    const instance = Builder.factory(suite().config);
    const e = caught(() => instance.v3.ecommerce.individualContracts._openid_.get(options)) as RequestException;
    expect(e).toBeInstanceOf(RequestException);
    expect(e.getCode()).toBe(200);
    expect(e.code).toBe('ERR_WECHATPAY_SIGNATURE_MISMATCH');
    expect(e.hasResponse()).toBe(true);
  });
});

describe('ConnectException (no response)', () => {
  it('getCode() is 0, getPrevious() the cause, getHandlerContext() the errno; the message has the full URI', async () => {
    const port = await closedPort();
    const instance = Builder.factory({ ...suite().config, base_uri: `http://127.0.0.1:${port}/`, retry: false });
    // } catch (ConnectException $e) { $e->getHandlerContext()['errno'] … }
    const e = await instance.v3.ecommerce.individualContracts._openid_.getAsync(options).then(
      () => undefined,
      (error: unknown) => error as ConnectException,
    );
    expect(e).toBeInstanceOf(ConnectException);
    expect(e).toBeInstanceOf(TransferException);
    expect(e!.getCode()).toBe(0);
    expect(e!.code).toBe('ECONNREFUSED');
    expect(e!.getHandlerContext()).toMatchObject({ errno: 'ECONNREFUSED' });
    expect(e!.getPrevious()).toBeInstanceOf(Error);
    expect(e!.hasResponse()).toBe(false);
    expect(e!.getRequest()?.getMethod()).toBe('GET');
    expect(e!.getMessage()).toContain(`GET http://127.0.0.1:${port}/v3/ecommerce/individual-contracts/oUpF8uMuAJO_M2pxb1Q9zNjWeS6o?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE failed before any response`);
  });
});

describe('InvalidArgumentException', () => {
  it('has getMessage(), getCode() 0, getPrevious(), getTraceAsString()', () => {
    const cause = new Error('inner');
    const e = new InvalidArgumentException('bad option', { cause });
    expect([e.getMessage(), e.getCode(), e.getPrevious()]).toEqual(['bad option', 0, cause]);
    expect(e.getTraceAsString()).toMatch(/\{main\}$/);
    expect(e.code).toBe('ERR_WECHATPAY_INVALID_ARGUMENT');
  });
});
