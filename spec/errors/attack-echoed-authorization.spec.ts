/**
 * Attack: a server (a misbehaving proxy, a hostile host behind a wrong base_uri) echoes the request's
 * `Authorization` in its error body, whole, JSON-escaped, bare or cut short. The full signature used to
 * land in `e.body`, `e.message` and `JSON.stringify(e)`. Every error message and body is redacted now.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Builder, ClientException, ServerException, type BuilderChainable } from '../../lib';
import { testConfig } from '../helpers/config';

type Echo = (authorization: string, signature: string) => { status: number; body: string };

const ECHOES: Array<[string, Echo]> = [
  ['the whole header in a JSON message', (authorization) => ({ status: 401, body: JSON.stringify({ code: 'SIGN_ERROR', message: `bad Authorization: ${authorization}` }) })],
  ['the bare signature in detail', (_a, signature) => ({ status: 400, body: JSON.stringify({ code: 'PARAM_ERROR', message: 'x', detail: { field: 'signature', value: signature } }) })],
  ['the header PHP-escaped (\\/ and \\")', (authorization) => ({ status: 500, body: JSON.stringify({ code: 'SYSTEM_ERROR', message: authorization }).replace(/\//g, '\\/') })],
  ['the signature cut short in a plain-text body', (_a, signature) => ({ status: 502, body: `upstream refused ${signature.slice(0, 100)}` })],
  ['the signature under a nested key', (_a, signature) => ({ status: 400, body: JSON.stringify({ code: 'PARAM_ERROR', detail: { echo: [{ sign: signature, signature }] } }) })],
];

let server: Server;
let echo: Echo;
let instance: BuilderChainable;
let lastSignature = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const authorization = request.headers.authorization ?? '';
    lastSignature = /signature="([^"]+)"/.exec(authorization)?.[1] ?? '';
    const { status, body } = echo(authorization, lastSignature);
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  instance = Builder.factory(testConfig({ base_uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, retry: false }));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe.each(ECHOES)('an error reply that echoes %s', (_label, reply) => {
  it('puts no signature into e.message, e.body, e.detail, JSON.stringify(e) or util.inspect(e)', async () => {
    echo = reply;
    const error = await instance.v3.pay.transactions.id._transaction_id_
      .getAsync({ transaction_id: '4200000000000000000000000001', query: { mchid: '1900000109' } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error instanceof ClientException || error instanceof ServerException).toBe(true);
    const e = error as ClientException;
    expect(lastSignature.length).toBeGreaterThan(300);
    const probe = lastSignature.slice(0, 24);
    for (const [where, text] of [
      ['message', e.message],
      ['body', String(JSON.stringify(e.body))],
      ['errorMessage', String(e.errorMessage)],
      ['detail', String(JSON.stringify(e.detail))],
      ['JSON.stringify(e)', JSON.stringify(e)],
      ['util.inspect(e)', inspect(e, { depth: 10 })],
    ] as const) {
      expect({ where, leaked: text.includes(probe) }).toEqual({ where, leaked: false });
    }
  });
});
