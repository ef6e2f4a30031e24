/**
 * Issue #13, defect 9 — falsy path variables become empty segments. `transaction_id: false`, `[]`, `{}`
 * or `['']` used to send `/v3/pay/transactions/id/`, another operation's path. Any value that expands to
 * an empty segment is now an InvalidArgumentException with nothing sent, as `''` and `null` already were.
 * The one exception is PHP's trailing-slash idiom, `…/applyment/{empty}` with `empty: ''`.
 */
import { InvalidArgumentException } from '../../lib';
import { withV3Server } from '../helpers/v3-server';

const v3 = withV3Server();

const query = { mchid: '1900000109' };
const node = () => v3.instance.chain('v3/pay/transactions/id/{transaction_id}');

it.each([
  ['false', false],
  ['[]', []],
  ['{}', {}],
  ["['']", ['']],
  ['[null]', [null]],
  ["''", ''],
])('transaction_id: %s is refused under both verb kinds, nothing sent', async (_, transaction_id) => {
  await expect(node().getAsync({ transaction_id, query })).rejects.toThrow(InvalidArgumentException);
  await expect(node().getAsync({ transaction_id, query })).rejects.toThrow(/`transaction_id` .*expands to an empty segment/);
  expect(() => node().get({ transaction_id, query })).toThrow(InvalidArgumentException);
  expect(() => v3.instance.v3.pay.transactions.id._transaction_id_.get({ transaction_id, query })).toThrow(InvalidArgumentException);
  expect(await v3.server.requests()).toEqual([]);
});

it('{+x} and {/x} refuse an empty expansion too', async () => {
  await expect(v3.instance.chain('v3/media/{+media_id}').getAsync({ media_id: [] })).rejects.toThrow(/empty segment/);
  await expect(v3.instance.chain('v3/media{/media_id}').getAsync({ media_id: false })).rejects.toThrow(/empty segment/);
  expect(await v3.server.requests()).toEqual([]);
});

it('real values still go through: 0, true, a non-empty list', async () => {
  await node().getAsync({ transaction_id: 0, query });
  await node().getAsync({ transaction_id: true, query });
  await node().getAsync({ transaction_id: ['4200', '01'], query });
  expect((await v3.server.requests()).map((r) => r.target)).toEqual([
    '/v3/pay/transactions/id/0?mchid=1900000109',
    '/v3/pay/transactions/id/1?mchid=1900000109',
    '/v3/pay/transactions/id/4200,01?mchid=1900000109',
  ]);
});
