/** The pieces the retry entry decides with: policy, backoff, Retry-After, failure kinds, config defaults. */
import { Builder, ClientException, ConnectException, InvalidArgumentException, Request, Response, ServerException } from '../../lib';
import { resolveConfig } from '../../lib/client/config';
import { backoffDelay, DEFAULT_RETRY_POLICY, failureKind, resolveRetryPolicy, retryAfterMs } from '../../lib/resilience';
import { sleepSync } from '../../lib/resilience/sleep';
import { testConfig } from '../helpers/config';

describe('retry policy', () => {
  it('defaults to GET and HEAD, two retries, 200 ms doubling to 5 s, Retry-After up to 10 s', () => {
    expect([...DEFAULT_RETRY_POLICY.methods]).toEqual(['GET', 'HEAD']);
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ retries: 2, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 10_000 });
  });

  it('lays options over a base and upper-cases methods; false turns retries off', () => {
    const policy = resolveRetryPolicy({ methods: ['get', 'post'], retries: 5 }, 'retry');
    expect([...policy.methods]).toEqual(['GET', 'POST']);
    expect(policy).toMatchObject({ retries: 5, baseDelayMs: 200 });
    expect(resolveRetryPolicy(false, 'retry')).toMatchObject({ retries: 0 });
  });

  it.each([
    [{ retries: -1 }, /`retry.retries` must be an integer/],
    [{ methods: 'GET' }, /`retry.methods` must be a list/],
    [{ baseDelayMs: 1.5 }, /`retry.baseDelayMs`/],
    ['yes', /`retry` must be false or/],
  ])('%j is refused, naming the field', (input, message) => {
    expect(() => resolveRetryPolicy(input, 'retry')).toThrow(message);
  });
});

describe('backoff with full jitter', () => {
  it('draws below a ceiling that doubles per retry and stops at the maximum', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100, 1000, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(0);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates; a past date is now; anything else is ignored', () => {
    const now = Date.parse('Thu, 26 Nov 2026 10:00:00 GMT');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Thu, 26 Nov 2026 10:00:02 GMT', now)).toBe(2000);
    expect(retryAfterMs('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('-1', now)).toBeUndefined();
  });
});

describe('failure kinds', () => {
  const request = new Request('GET', new URL('https://api.mch.weixin.qq.com/v3/x'));
  const connect = (code: string) => new ConnectException('x', request, { code });
  const answered = (status: number, code?: string) =>
    new (status >= 500 ? ServerException : ClientException)('x', request, new Response(status, [], Buffer.from('')), code ? { code } : undefined);

  it.each([
    ['ENOTFOUND', 'unsent'],
    ['EAI_AGAIN', 'unsent'],
    ['ECONNREFUSED', 'unsent'],
    ['UND_ERR_CONNECT_TIMEOUT', 'unsent'],
    ['ECONNRESET', 'unanswered'],
    ['UND_ERR_SOCKET', 'unanswered'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'unanswered'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['ERR_WECHATPAY_HEADERS_TIMEOUT', 'timeout'],
    ['ERR_WECHATPAY_TIMEOUT', 'timeout'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'final'],
    ['ERR_WECHATPAY_SYNC_BACKSTOP', 'final'],
  ])('ConnectException %s is %s', (code, kind) => {
    expect(failureKind(connect(code))).toBe(kind);
  });

  it('5xx, 429 and FREQUENCY_LIMITED ask to come back; other 4xx and anything else are final', () => {
    expect(failureKind(answered(503))).toBe('status');
    expect(failureKind(answered(429))).toBe('status');
    expect(failureKind(answered(403, 'FREQUENCY_LIMITED'))).toBe('status');
    expect(failureKind(answered(404, 'ORDER_NOT_EXIST'))).toBe('final');
    expect(failureKind(new InvalidArgumentException('bad'))).toBe('final');
    expect(failureKind(new Error('bug'))).toBe('final');
  });
});

describe('sleeping under a synchronous verb', () => {
  it('blocks for about the time asked, without a clock jest could freeze', () => {
    // Everything but performance.now, which measures here; Date, hrtime and timers are frozen.
    jest.useFakeTimers({ doNotFake: ['performance'] });
    try {
      const started = performance.now();
      sleepSync(60);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('client config', () => {
  it('fails over to api2 only from the real primary; a sandbox base gets no default backup', () => {
    expect(resolveConfig(testConfig({ base_uri: undefined })).backupBaseUris.map(String)).toEqual(['https://api2.mch.weixin.qq.com/']);
    expect(resolveConfig(testConfig()).backupBaseUris).toEqual([]);
    expect(resolveConfig(testConfig({ base_uri: undefined, backup_base_uri: false })).backupBaseUris).toEqual([]);
    expect(resolveConfig(testConfig({ backup_base_uri: ['http://127.0.0.1:2/', 'http://127.0.0.1:3/'] })).backupBaseUris.map(String)).toEqual([
      'http://127.0.0.1:2/',
      'http://127.0.0.1:3/',
    ]);
  });

  it.each([
    [{ backup_base_uri: ['ftp://x/'] }, /`backup_base_uri\[0\]` must be http\(s\)/],
    [{ headers_timeout: -5 }, /`headers_timeout` must be a number/],
    [{ proxy: 'socks5://127.0.0.1:1080' }, /`proxy` must be an http\(s\) proxy URL/],
    [{ proxy: 42 as unknown as string }, /`proxy` must be a proxy URL/],
    [{ retry: { retries: 'many' as unknown as number } }, /`retry.retries`/],
  ])('%j is an InvalidArgumentException naming the field', (overrides, message) => {
    expect(() => Builder.factory(testConfig(overrides))).toThrow(message);
  });

  it('takes proxies from the environment on the calling thread, never echoing credentials', () => {
    const env = { HTTPS_PROXY: 'http://user:secret@127.0.0.1:3128', NO_PROXY: 'localhost' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      expect(resolveConfig(testConfig()).proxy).toEqual({ environmentProxy: { httpsProxy: env.HTTPS_PROXY, noProxy: 'localhost' } });
      expect(resolveConfig(testConfig({ proxy: false })).proxy).toEqual({});
      process.env.HTTPS_PROXY = 'not a url secret';
      expect(() => resolveConfig(testConfig())).toThrow(/HTTPS_PROXY is not a valid proxy URL\.$/);
    } finally {
      for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});
