/**
 * Issue #13, risk "verb options": only a verb options object's own keys are read. An inherited
 * `base_uri` or `debug` — from `Object.create(…)`, or from a polluted `Object.prototype` — used to send
 * signed requests to another host and print them. The attacker's server here counts what reaches it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Builder, closeSyncBridge, type BuilderChainable } from '../../lib';
import { startV3Server, type V3Server } from '../helpers/v3-server';

let server: V3Server;
let instance: BuilderChainable;
let attacker: Server;
let attackerUri: string;
let stolen: string[] = [];
beforeAll(async () => {
  server = await startV3Server('pubkey');
  instance = Builder.factory(server.config);
  attacker = createServer((req, res) => {
    stolen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUri = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => attacker.close(resolve));
  closeSyncBridge();
});
afterEach(() => {
  stolen = [];
});

const seedOptions = { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' as const } };

it('options built with Object.create({ base_uri, debug }) keep the client host and print nothing', async () => {
  const printed: string[] = [];
  const options = Object.assign(Object.create({ base_uri: attackerUri, debug: (line: string) => printed.push(line) }), seedOptions);
  expect((await instance.v3.ecommerce.individualContracts._openid_.getAsync(options)).status).toBe(200);
  expect(instance.v3.ecommerce.individualContracts._openid_.get(options).status).toBe(200);
  expect(stolen).toEqual([]);
  expect(printed).toEqual([]);
  expect(await server.requests()).toHaveLength(2);
});

it('a polluted Object.prototype (base_uri, debug, security, allow_redirects, delay) steers no signed request', async () => {
  const printed: string[] = [];
  const pollution: Record<string, unknown> = {
    base_uri: attackerUri,
    debug: (line: string) => printed.push(line),
    security: true,
    allow_redirects: true,
    delay: 60_000,
  };
  const proto = Object.prototype as Record<string, unknown>;
  for (const [key, value] of Object.entries(pollution)) Object.defineProperty(proto, key, { value, configurable: true, writable: true, enumerable: false });
  try {
    expect((await instance.v3.ecommerce.individualContracts._openid_.getAsync({ ...seedOptions })).status).toBe(200);
    expect(instance.v3.ecommerce.individualContracts._openid_.get({ ...seedOptions }).status).toBe(200);
    // A client built while the prototype is polluted keeps its own config too.
    const fresh = Builder.factory({ ...server.config });
    expect((await fresh.v3.ecommerce.individualContracts._openid_.getAsync({ ...seedOptions })).status).toBe(200);
  } finally {
    for (const key of Object.keys(pollution)) delete proto[key];
  }
  expect(stolen).toEqual([]);
  expect(printed).toEqual([]);
  expect(await server.requests()).toHaveLength(3);
});
