/**
 * HandlerStack ordering and the PHP README's recipes: replace the built-in `signer` by a remote signing
 * service, and add entries with Middleware.mapRequest / mapResponse that work under both verb kinds.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createPrivateKey, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { request as undiciRequest } from 'undici';
import {
  Builder,
  closeSyncBridge,
  Formatter,
  HandlerStack,
  InvalidArgumentException,
  Middleware,
  Request,
  Response,
  SyncModeException,
  type BuilderChainable,
  type Handler,
} from '../../lib';
import { startV3Server, type V3Server } from '../helpers/v3-server';

const options = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } } as const;

describe('HandlerStack', () => {
  const order: string[] = [];
  const mark = (name: string) => Middleware.tap(() => order.push(name));
  const terminal: Handler = () => new Response(200);
  const run = (stack: HandlerStack) => {
    order.length = 0;
    stack.handle(new Request('GET', 'https://example.test/'), { sync: true, protocol: 'v3', pathname: '' });
    return [...order];
  };

  it('push adds innermost, unshift outermost, before/after relative to a name', () => {
    const stack = HandlerStack.create(terminal);
    stack.push(mark('b'), 'b');
    stack.push(mark('c'), 'c');
    stack.unshift(mark('a'), 'a');
    stack.before('c', mark('b2'), 'b2');
    stack.after('a', mark('a2'), 'a2');
    expect(stack.names()).toEqual(['a', 'a2', 'b', 'b2', 'c']);
    expect(run(stack)).toEqual(['a', 'a2', 'b', 'b2', 'c']);
    stack.remove('b2');
    expect(run(stack)).toEqual(['a', 'a2', 'b', 'c']);
  });

  it('names an unknown anchor in its error', () => {
    const stack = HandlerStack.create(terminal);
    stack.push(mark('signer'), 'signer');
    expect(() => stack.before('nope', mark('x'))).toThrow(/Middleware not found: `nope` \(the stack has signer\)/);
  });

  it('fails clearly without a handler', () => {
    expect(() => HandlerStack.create().resolve()).toThrow(InvalidArgumentException);
  });

  it('refuses a second entry of the same name, wherever it would go, and keeps the first', () => {
    const stack = HandlerStack.create(terminal);
    stack.push(mark('signer'), 'signer');
    expect(() => stack.push(mark('x'), 'signer')).toThrow(/already has an entry named `signer`/);
    expect(() => stack.unshift(mark('x'), 'signer')).toThrow(InvalidArgumentException);
    expect(() => stack.before('signer', mark('x'), 'signer')).toThrow(InvalidArgumentException);
    expect(() => stack.after('signer', mark('x'), 'signer')).toThrow(InvalidArgumentException);
    expect(run(stack)).toEqual(['signer']);
    stack.push(mark('u1'));
    stack.push(mark('u2'));
    expect(stack.names()).toEqual(['signer', '', '']);
    stack.remove('signer');
    stack.push(mark('signer2'), 'signer');
    expect(run(stack)).toEqual(['u1', 'u2', 'signer2']);
  });

  it("prints itself as Guzzle's debug output: the way in, the handler, the way back", () => {
    const stack = HandlerStack.create(function terminal() {
      return new Response(200);
    });
    stack.push(function outer(next) {
      return next;
    }, 'outer');
    stack.push((next) => next, 'inner');
    expect(String(stack)).toBe(
      [
        "> 2) Name: 'outer', Function: callable(outer)",
        "> 1) Name: 'inner'",
        '< 0) Handler: callable(terminal)',
        "< 1) Name: 'inner'",
        "< 2) Name: 'outer', Function: callable(outer)",
      ].join('\n'),
    );
  });
});

describe('the client stack', () => {
  let server: V3Server;
  afterAll(async () => {
    await server.close();
    closeSyncBridge();
  });
  beforeAll(async () => {
    server = await startV3Server('pubkey');
  });

  it('has the PHP names in PHP order', () => {
    const instance = Builder.factory(server.config);
    const stack = instance.getDriver().select().getConfig('handler') as HandlerStack;
    expect(stack.names()).toEqual(['verifier', 'retry', 'http_errors', 'allow_redirects', 'signer', 'prepare_body']);
  });

  it('the README prints both stacks exactly as they are built', () => {
    const driver = Builder.factory(server.config).getDriver();
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const protocol of ['v3', 'v2']) {
      const stack = driver.select(protocol).getConfig('handler') as HandlerStack;
      expect(readme).toContain(`\`\`\`text\n${String(stack)}\n\`\`\``);
    }
  });

  describe('remote signer recipe (PHP README, ported line for line)', () => {
    let signingService: Server;
    let signerUrl: string;

    beforeAll(async () => {
      // Stands for an HSM or a signing microservice holding the merchant key away from this process.
      const key = createPrivateKey(server.config.privateKey as string);
      signingService = createServer((req, res) => {
        let text = '';
        req.on('data', (c) => (text += c));
        req.on('end', () => res.end(sign('sha256', Buffer.from(text), key).toString('base64')));
      });
      await new Promise<void>((resolve) => signingService.listen(0, '127.0.0.1', resolve));
      signerUrl = `http://127.0.0.1:${(signingService.address() as AddressInfo).port}/sign`;
    });
    afterAll(() => new Promise<void>((resolve) => signingService.close(() => resolve())));

    function installRemoteSigner(instance: BuilderChainable) {
      const { mchid, serial = '' } = server.config;
      // $stack = $instance->getDriver()->select(ClientDecoratorInterface::JSON_BASED)->getConfig('handler');
      const stack = instance.getDriver().select('v3').getConfig('handler') as HandlerStack;
      // $stack->remove('signer');
      stack.remove('signer');
      // $stack->before('prepare_body', Middleware::mapRequest(static function (RequestInterface $request) {...}), 'signer');
      stack.before(
        'prepare_body',
        Middleware.mapRequest(async (request: Request) => {
          const nonce = Formatter.nonce();
          const timestamp = String(Formatter.timestamp());
          const message = Formatter.request(request.getMethod(), request.getRequestTarget(), timestamp, nonce, String(request.getBody()));
          const signature = await (await undiciRequest(signerUrl, { method: 'POST', body: message })).body.text();
          return request.withHeader('Authorization', Formatter.authorization(mchid, nonce, signature, timestamp, serial));
        }),
        'signer',
      );
    }

    it('signs through the remote service under the promise verb; the server accepts it', async () => {
      const instance = Builder.factory(server.config);
      installRemoteSigner(instance);
      const response = await instance.v3.ecommerce.individualContracts._openid_.getAsync(options);
      expect(response.json()).toMatchObject({ auth_state: 'AUTHORIZED' });
      expect((await server.requests()).map((r) => r.authorization)).toEqual(['ok']);
    });

    it('an asynchronous entry under a synchronous verb is a SyncModeException naming it, and nothing is sent', async () => {
      const instance = Builder.factory(server.config);
      installRemoteSigner(instance);
      expect(() => instance.v3.ecommerce.individualContracts._openid_.get(options)).toThrow(SyncModeException);
      expect(() => instance.v3.ecommerce.individualContracts._openid_.get(options)).toThrow(/`signer` returned a Promise under a synchronous verb.*getAsync/);
      // The refused entry's promise still settles later: give it time, then check that nothing went out.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await server.requests()).toEqual([]);
    });
  });

  it('mapRequest / mapResponse with synchronous functions serve both verb kinds', async () => {
    const instance = Builder.factory(server.config);
    const stack = instance.getDriver().select().getConfig('handler') as HandlerStack;
    stack.before('signer', Middleware.mapRequest((r) => r.withHeader('X-Trace', 'abc')), 'trace');
    // Outside the verifier: runs on the verified response only.
    stack.unshift(Middleware.mapResponse((r) => r.withHeader('X-Seen', 'yes')), 'seen');
    const asyncResponse = await instance.v3.ecommerce.individualContracts._openid_.getAsync(options);
    const syncResponse = instance.v3.ecommerce.individualContracts._openid_.get(options);
    for (const response of [asyncResponse, syncResponse]) expect(response.getHeaderLine('x-seen')).toBe('yes');
    const seen = await server.requests();
    const trace = (headers: string[]) => headers.find((_, i) => i % 2 === 1 && headers[i - 1]!.toLowerCase() === 'x-trace');
    expect(seen.map((r) => trace(r.headers))).toEqual(['abc', 'abc']);
  });

  it('removing the verifier by name lets unsigned responses through (the PHP test trick)', async () => {
    const instance = Builder.factory(server.config);
    (instance.getDriver().select().getConfig('handler') as HandlerStack).remove('verifier');
    await server.scenario({ name: 'missing-header', once: true });
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(options)).resolves.toBeInstanceOf(Response);
  });
});
