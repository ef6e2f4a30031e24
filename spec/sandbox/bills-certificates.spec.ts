/** Trade bills (unsigned file download, SHA-1, gzip) and platform certificates (AES-256-GCM), over HTTP. */
import { createDecipheriv, createHash, X509Certificate } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { listCertificates } from '../../lib/endpoints/overrides/certificates';
import { checkFields } from '../../lib/sandbox/validation';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { uniqueId } from '../helpers/sandbox-fields';
import { send, verifyResponse, type WireConfig } from '../helpers/sandbox-wire';

const beijingToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('Sandbox bills', () => {
  let sandbox: Sandbox;
  let config: WireConfig;
  let outTradeNo: string;

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys() });
    config = sandbox.clientConfig();
    outTradeNo = uniqueId('BILL');
    await send(config, 'POST', '/v3/pay/transactions/native', {
      json: {
        appid: SANDBOX_SEED.appid,
        mchid: config.mchid,
        description: '账单测试',
        out_trade_no: outTradeNo,
        notify_url: 'https://example.com/n',
        amount: { total: 1234 },
      },
    });
    sandbox.markPaid(outTradeNo);
  });
  afterAll(() => sandbox?.stop());

  const download = (url: string) => send(config, 'GET', new URL(url).pathname + new URL(url).search);

  it.each([
    ['plain', '', (bytes: Buffer) => bytes, 'text/plain;charset=utf-8'],
    ['gzip', '&tar_type=GZIP', (bytes: Buffer) => gunzipSync(bytes), 'application/x-gzip'],
  ])('serves a %s bill whose SHA-1 matches hash_value, without signature headers', async (_label, extra, decode, contentType) => {
    const apply = await send(config, 'GET', `/v3/bill/tradebill?bill_date=${beijingToday()}&bill_type=ALL${extra}`);
    expect(apply.status).toBe(200);
    expect(verifyResponse(config, apply)).toBe(true);
    expect(apply.json).toMatchObject({ hash_type: 'SHA1', hash_value: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(apply.json.download_url.startsWith(`${config.base_uri}v3/billdownload/file?token=`)).toBe(true);

    const file = await download(apply.json.download_url);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe(contentType);
    expect(Object.keys(file.headers).filter((name) => name.startsWith('wechatpay-'))).toEqual([]);
    const csv = decode(file.body);
    expect(createHash('sha1').update(csv).digest('hex')).toBe(apply.json.hash_value);
    const text = csv.toString('utf8');
    expect(text.startsWith('\uFEFF交易时间,公众账号ID,商户号')).toBe(true);
    expect(text).toContain(`\`${outTradeNo}`);
    expect(text).toContain('`12.34');
    expect(text).toContain('总交易单数');
  });

  it('answers 400 NO_STATEMENT_EXIST for a future date and PARAM_ERROR for a malformed one', async () => {
    const future = await send(config, 'GET', '/v3/bill/tradebill?bill_date=2999-01-01');
    expect(future.status).toBe(400);
    expect(future.json.code).toBe('NO_STATEMENT_EXIST');
    const malformed = await send(config, 'GET', '/v3/bill/tradebill?bill_date=20240101');
    expect(malformed.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'bill_date', location: 'query' } });
  });

  it('answers 400 INVALID_REQUEST for an unknown or expired token', async () => {
    let now = Date.now();
    const clocked = await Sandbox.start({ keys: await sandboxKeys(), now: () => now });
    try {
      const clockedConfig = clocked.clientConfig();
      const apply = await send(clockedConfig, 'GET', `/v3/bill/tradebill?bill_date=${beijingToday()}`);
      now += 6 * 60_000;
      const url = new URL(apply.json.download_url);
      const expired = await send(clockedConfig, 'GET', url.pathname + url.search, { timestamp: Math.floor(now / 1000) });
      expect(expired.status).toBe(400);
      expect(expired.json.code).toBe('INVALID_REQUEST');
    } finally {
      await clocked.stop();
    }
    expect((await send(config, 'GET', '/v3/billdownload/file?token=nope')).json.code).toBe('INVALID_REQUEST');
  });
});

describe('Sandbox platform certificates', () => {
  it('serves the platform certificate encrypted with the APIv3 key in cert mode', async () => {
    const sandbox = await Sandbox.start({ keys: await sandboxKeys(), mode: 'cert' });
    try {
      const config = sandbox.clientConfig();
      const exchange = await send(config, 'GET', '/v3/certificates?algorithm_type=RSA');
      expect(exchange.status).toBe(200);
      expect(verifyResponse(config, exchange)).toBe(true);
      checkFields(listCertificates.response.body, exchange.json, { location: 'body' });

      const [entry] = exchange.json.data;
      const { nonce, associated_data, ciphertext, algorithm } = entry.encrypt_certificate;
      expect({ algorithm, associated_data, nonceLength: nonce.length }).toEqual({ algorithm: 'AEAD_AES_256_GCM', associated_data: 'certificate', nonceLength: 12 });
      // AES-256-GCM by hand: key = APIv3 key, iv = nonce bytes, aad, ciphertext ‖ 16-byte tag.
      const data = Buffer.from(ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(sandbox.apiv3Key), Buffer.from(nonce));
      decipher.setAAD(Buffer.from(associated_data));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const pem = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString();

      const certificate = new X509Certificate(pem);
      expect(certificate.serialNumber).toBe(entry.serial_no);
      expect(entry.serial_no).toBe(sandbox.platformSerial);
      expect(pem).toBe(config.certs[entry.serial_no]);
      expect(certificate.subject).toContain('CN=Tenpay.com sign');
      expect(certificate.checkIssued(new X509Certificate(sandbox.keys.authorityCertificatePem))).toBe(true);
    } finally {
      await sandbox.stop();
    }
  });

  it('answers 404 RESOURCE_NOT_EXISTS in public-key mode', async () => {
    const sandbox = await Sandbox.start({ keys: await sandboxKeys(), mode: 'pubkey' });
    try {
      const exchange = await send(sandbox.clientConfig(), 'GET', '/v3/certificates');
      expect(exchange.status).toBe(404);
      expect(exchange.json.code).toBe('RESOURCE_NOT_EXISTS');
      expect(exchange.json.message).toContain('微信支付公钥');
    } finally {
      await sandbox.stop();
    }
  });
});
