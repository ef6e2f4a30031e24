/**
 * Attack: a hostile server (or anyone on the path of a plain-HTTP base_uri) answers an APIv2 call with an
 * unsigned `return_code=SUCCESS, result_code=FAIL, err_code=ORDERPAID`. It used to surface as a business
 * result (V2_RESULT_FAIL with that err_code), which an app may act on. The sign is now checked before any
 * business field is read: such a reply is SIGN_MISSING or SIGN_MISMATCH, never RESULT_FAIL.
 */
import type { Response } from '../../../lib';
import { V2ResponseException, V2ResponseFailure } from '../../../lib/stack/v2/v2-response-exception';
import { useV2Server } from '../../helpers/v2-server';

const fixture = useV2Server();

const options = { xml: { appid: 'wx2421b1c4370ec43b', mch_id: '1900000109', out_trade_no: '1217752501201407033233368018', total_fee: 1, auth_code: '120061098828009406' } };
const kinds: Array<[string, () => Promise<Response>]> = [
  ['promise', () => fixture.instance.v2.pay.micropay.postAsync(options)],
  ['sync', async () => fixture.instance.v2.pay.micropay.post(options)],
];

async function refusal(call: () => Promise<Response>): Promise<V2ResponseException> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(V2ResponseException);
  return error as V2ResponseException;
}

describe.each(kinds)('a forged APIv2 err_code (%s verb)', (_kind, call) => {
  it('an unsigned result_code=FAIL, err_code=ORDERPAID is SIGN_MISSING, not a business result', async () => {
    await fixture.server.scenario({ name: 'result-fail-unsigned' });
    const error = await refusal(call);
    expect(error.code).toBe(V2ResponseFailure.SIGN_MISSING);
    expect(error.message).not.toContain('ORDERPAID');
  });

  it.each([
    ['an empty sign', ''],
    ['a sign of the right shape but wrong', 'A'.repeat(32)],
    ['a sign of the HMAC-SHA256 shape but wrong', 'B'.repeat(64)],
  ])('%s is SIGN_MISMATCH, not a business result', async (_label, sign) => {
    await fixture.server.scenario({ name: 'result-fail-unsigned', sign });
    const error = await refusal(call);
    expect(error.code).toBe(V2ResponseFailure.SIGN_MISMATCH);
    expect(error.message).not.toContain('ORDERPAID');
  });

  it('a genuinely signed business failure still surfaces as RESULT_FAIL with its err_code', async () => {
    await fixture.server.scenario({ name: 'result-fail' });
    const error = await refusal(call);
    expect(error.code).toBe(V2ResponseFailure.RESULT_FAIL);
    expect(error.fields).toMatchObject({ err_code: 'ORDERNOTEXIST' });
  });
});
