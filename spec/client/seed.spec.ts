/**
 * The seed call, GET /v3/ecommerce/individual-contracts/{openid}, in the three spellings and both verb
 * kinds, against a server that checks every signature — in public-key and platform-certificate mode.
 */
import { Builder, closeSyncBridge, type BuilderChainable } from '../../lib';
import { startV3Server, type KeyMode, type V3Server } from '../helpers/v3-server';

const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const options = () => ({ openid: OPENID, query: { appid: 'wxd678efh567h23787', permission_type: 'INDIVIDUAL_PAYEE' } });
const TARGET = `/v3/ecommerce/individual-contracts/${OPENID}?appid=wxd678efh567h23787&permission_type=INDIVIDUAL_PAYEE`;

const spellings: Array<[string, (i: BuilderChainable) => BuilderChainable]> = [
  ['property chain', (i) => i.v3.ecommerce.individualContracts._openid_],
  ['chain()', (i) => i.chain('v3/ecommerce/individual-contracts/{openid}')],
  ['bracket access', (i) => i['v3/ecommerce/individual-contracts/{openid}']],
];

afterAll(() => closeSyncBridge());

describe.each<KeyMode>(['pubkey', 'cert'])('seed call in %s mode', (mode) => {
  let server: V3Server;
  let instance: BuilderChainable;

  beforeAll(async () => {
    server = await startV3Server(mode);
    instance = Builder.factory(server.config);
  });
  afterAll(() => server.close());

  it.each(spellings)('%s, promise verb: signed request, verified response', async (_, node) => {
    const response = await node(instance).getAsync(options());
    expect(response.getStatusCode()).toBe(200);
    expect(JSON.parse(String(response.getBody()))).toEqual({
      individual_auth_id: '1900000109',
      operation_time: '2018-06-08T10:34:56+08:00',
      auth_state: 'AUTHORIZED',
    });
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ method: 'GET', target: TARGET, authorization: 'ok', body: '' });
  });

  it.each(spellings)('%s, synchronous verb: same request, same response', async (_, node) => {
    const response = node(instance).get(options());
    expect(response.status).toBe(200);
    expect(response.json<{ auth_state: string }>().auth_state).toBe('AUTHORIZED');
    const [seen] = await server.requests();
    expect(seen).toMatchObject({ method: 'GET', target: TARGET, authorization: 'ok' });
  });

  it('the three spellings are one node and send identical requests (but for nonce, timestamp, signature)', async () => {
    const nodes = spellings.map(([, node]) => node(instance));
    expect(new Set(nodes).size).toBe(1);
    for (const node of nodes) await node.getAsync(options());
    const seen = await server.requests();
    const withoutAuth = seen.map((r) => ({ ...r, remotePort: 0, headers: r.headers.filter((_, i, h) => !/^(authorization|host)$/i.test(h[i - (i % 2)]!)) }));
    expect(withoutAuth[0]).toEqual(withoutAuth[1]);
    expect(withoutAuth[1]).toEqual(withoutAuth[2]);
  });

  it('an openid that never signed is UNAUTHORIZED', async () => {
    const response = await instance.v3.ecommerce.individualContracts._openid_.getAsync({ ...options(), openid: 'oNeverSigned000000000000000' });
    expect(response.json()).toMatchObject({ auth_state: 'UNAUTHORIZED' });
  });
});
