/**
 * Attack: read the logs. `debug` printed the full APIv2 `sign`, in the XML body of a POST and in the
 * query of a signed GET, and the reply's `<sign>` too. Every line `debug` prints now goes through
 * redaction: a signature keeps only a short prefix, and the APIv2 secret never shows.
 */
import { Transformer } from '../../lib';
import { useV2Server } from '../helpers/v2-server';

const fixture = useV2Server();

const appid = 'wx2421b1c4370ec43b';
const mch_id = '1900000109';

describe('debug output of APIv2 calls (attack: signatures in the logs)', () => {
  it.each([
    ['POST (XML body), promise verb', (debug: (line: string) => void) => fixture.instance.v2.pay.orderquery.postAsync({ xml: { appid, mch_id, out_trade_no: 'DEBUG1' }, debug })],
    ['POST (XML body), sync verb', async (debug: (line: string) => void) => fixture.instance.v2.pay.orderquery.post({ xml: { appid, mch_id, out_trade_no: 'DEBUG2' }, debug })],
    ['GET (signed query), sync verb', async (debug: (line: string) => void) => fixture.instance.v2.pay.orderquery.get({ xml: { appid, mch_id, out_trade_no: 'DEBUG3' }, debug })],
    ['GET (signed query), promise verb', (debug: (line: string) => void) => fixture.instance.v2.pay.orderquery.getAsync({ xml: { appid, mch_id, out_trade_no: 'DEBUG4' }, debug })],
  ])('%s: neither the request sign nor the reply sign is printed whole', async (_label, call) => {
    const lines: string[] = [];
    const response = await call((line) => lines.push(line));
    const [seen] = await fixture.server.requests();
    const requestSign = seen!.fields!.sign!;
    const replySign = Transformer.toArray(String(response.getBody())).sign as string;
    expect(requestSign).toMatch(/^[0-9A-F]{32,64}$/);
    expect(replySign).toMatch(/^[0-9A-F]{32,64}$/);

    const printed = lines.join('\n');
    expect(printed).toContain('/pay/orderquery');
    expect(printed).not.toContain(requestSign);
    expect(printed).not.toContain(replySign);
    expect(printed).not.toContain(fixture.server.secret);
    expect(printed).toContain(`${requestSign.slice(0, 4)}…[REDACTED]`);
  });
});
