/**
 * Chain nodes: normalisation through the Proxy, reserved names that must never become segments, and a
 * node cache that stays bounded under unbounded ids.
 */
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Builder, InvalidArgumentException, type BuilderChainable } from '../../lib';
import { testConfig } from '../helpers/config';

let instance: BuilderChainable;
beforeAll(() => {
  instance = Builder.factory(testConfig());
});

describe('property chains', () => {
  it('normalise as PHP does: camelCase → kebab-case, _x_ and $x$ → {x}', () => {
    expect(String(instance.v3.ecommerce.individualContracts._openid_)).toBe('v3/ecommerce/individual-contracts/{openid}');
    expect(String(instance.v3.MerchantService.ComplaintsV2)).toBe('v3/merchant-service/complaints-v2');
    expect(String(instance.v3.pay.transactions.outTradeNo.$out_trade_no$)).toBe('v3/pay/transactions/out-trade-no/{out_trade_no}');
    expect(String(instance.v3.marketing.busifavor.users['{openid}'].coupons._coupon_code_.appids._appid_)).toBe(
      'v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}',
    );
  });

  it('chain() and brackets take whole paths and concatenate', () => {
    expect(String(instance.v3.chain('pay/transactions').chain('id/{transaction_id}'))).toBe('v3/pay/transactions/id/{transaction_id}');
    expect(String(instance['v3/merchantService/complaintsV2'])).toBe('v3/merchant-service/complaints-v2');
    expect(String(instance.chain('v3/certificates?algorithm_type=RSA'))).toBe('v3/certificates?algorithm_type=RSA');
    expect(String(instance.chain('{+myurl}'))).toBe('{+myurl}');
  });

  it('all spellings reach the same node object', () => {
    expect(instance.v3.pay.transactions.native).toBe(instance.chain('v3/pay/transactions/native'));
    expect(instance['v3/pay/transactions/native']).toBe(instance.v3.chain('pay').transactions.native);
  });

  it('nodes are read-only', () => {
    expect(() => {
      (instance.v3 as unknown as Record<string, unknown>).pay = 1;
    }).toThrow(InvalidArgumentException);
  });
});

describe('reserved names never become segments or send requests', () => {
  it('await node resolves to the node itself', async () => {
    const node = instance.v3.pay.transactions;
    expect(await node).toBe(node);
  });

  it('JSON.stringify, String, template literals', () => {
    expect(JSON.stringify({ node: instance.v3.pay })).toBe('{"node":"v3/pay"}');
    expect(String(instance.v3.pay)).toBe('v3/pay');
    expect(`${instance.v3.bill}`).toBe('v3/bill');
  });

  it('console.log / util.inspect show the path', () => {
    expect(inspect(instance.v3.ecommerce.individualContracts._openid_)).toBe("ChainNode 'v3/ecommerce/individual-contracts/{openid}'");
  });

  it("jest's matchers inspect nodes safely", () => {
    const node = instance.v3.pay.transactions.native;
    expect(node).toBe(node);
    expect(node).toEqual(node);
    expect([node]).toContain(node);
    expect(node).toEqual(expect.anything());
    expect(() => expect(node).toBe(instance.v3.pay)).toThrow(/Expected/);
  });

  it('symbols and Object probes', () => {
    const node = instance.v3.pay as unknown as Record<string | symbol, unknown>;
    expect(node[Symbol.iterator]).toBeUndefined();
    expect(node[Symbol.toPrimitive]).toBeUndefined();
    expect(node.then).toBeUndefined();
    expect(node.asymmetricMatch).toBeUndefined();
    expect(typeof node.hasOwnProperty).toBe('undefined');
  });
});

describe('node cache', () => {
  it('a cached lookup returns the same node', () => {
    const a = instance.v3.ecommerce.individualContracts._openid_;
    expect(instance.v3.ecommerce.individualContracts._openid_).toBe(a);
  });

  it('stays bounded: 200k distinct ids do not keep 200k nodes', () => {
    const parent = instance.v3.pay.transactions.id;
    // A real collection before each reading, so garbage does not count as growth.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200_000; i++) parent.chain(`420000098520210303144182${String(i).padStart(6, '0')}`);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // 200k retained nodes would be ~60 MB+; the caps keep 10k per client.
    expect(grown).toBeLessThan(15 * 1024 * 1024);
    const first = parent.chain('420000098520210303144182000000');
    expect(String(first)).toBe('v3/pay/transactions/id/420000098520210303144182000000');
  });
});

describe('paths are shared by the process, nodes belong to their client', () => {
  it('two clients reach the same path through nodes of their own, each sending through its own driver', () => {
    const other = Builder.factory(testConfig({ mchid: '1900000110' }));
    const mine = instance.v3.ecommerce.individualContracts._openid_;
    const theirs = other.chain('v3/ecommerce/individual-contracts/{openid}');
    expect(String(mine)).toBe(String(theirs));
    expect(mine).not.toBe(theirs);
    expect(mine.getDriver()).toBe(instance.getDriver());
    expect(theirs.getDriver()).toBe(other.getDriver());
    expect(theirs.getDriver().config.mchid).toBe('1900000110');
    expect(other.v3.ecommerce.individualContracts._openid_).toBe(theirs);
    expect(mine.getAsync).not.toBe(theirs.getAsync);
  });

  it('an idle client keeps its root; its other nodes are dropped, then rebuilt alike when it is used again', () => {
    const idle = Builder.factory(testConfig({ mchid: '1900000111' }));
    const node = idle.v3.pay.transactions.native;
    // 1,024 other clients walking a path make this one the least recently used.
    const config = testConfig();
    for (let i = 0; i < 1024; i++) void Builder.factory({ ...config, mchid: String(1900001000 + i) }).v3.pay;
    const again = idle.v3.pay.transactions.native;
    expect(again).not.toBe(node);
    expect(String(again)).toBe(String(node));
    expect(again.getDriver()).toBe(idle.getDriver());
    expect(idle.chain('v3/pay/transactions/native')).toBe(again);
    expect(idle.chain('')).toBe(idle);
  });
});
