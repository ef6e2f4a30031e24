/**
 * `wechatpay-ts request`: one call by hand against the sandbox, in-process and as a real process; the config
 * file as Builder.factory takes it (keys as file:// paths) or the sandbox's own sandbox.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeSyncBridge } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import { progressBar } from '../../lib/cli/progress-bar';
import { runRequestCommand } from '../../lib/cli/request';
import { saveSandboxKeys } from '../../lib/sandbox/keystore';
import { sandboxJson } from '../../lib/sandbox/cli';
import { captureIo, runCli, tempDir } from '../helpers/files-fixtures';
import { sandboxKeys } from '../helpers/sandbox-keys';

let sandbox: Sandbox;
const temp = tempDir('wechatpay-request-');
const configFile = join(temp.dir, 'cfg.json');
const OUT_TRADE_NO = 'CLI20261126001';
let transactionId: string;

beforeAll(async () => {
  sandbox = await Sandbox.start({ keys: await sandboxKeys() });
  const file = (name: string, text: string) => {
    writeFileSync(join(temp.dir, name), text);
    return pathToFileURL(join(temp.dir, name)).href;
  };
  writeFileSync(
    configFile,
    JSON.stringify({
      mchid: sandbox.mchid,
      serial: sandbox.merchantSerial,
      privateKey: file('apiclient_key.pem', sandbox.merchantPrivateKeyPem),
      certs: { [sandbox.platformSerial]: file('pub_key.pem', sandbox.platformPem) },
      base_uri: sandbox.baseUri,
    }),
  );
});

afterAll(async () => {
  closeSyncBridge();
  await sandbox.stop();
  temp.remove();
});

const run = async (argv: string[]) => {
  const io = captureIo();
  const code = await runRequestCommand(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
};

const bodyOf = (stdout: string) => JSON.parse(stdout.slice(stdout.indexOf('\n\n') + 2));

describe('wechatpay-ts request', () => {
  it('POSTs a --json body (--method post) and prints status, headers and the pretty JSON body', async () => {
    const json = {
      appid: 'wxd678efh567h23787',
      mchid: sandbox.mchid,
      description: 'CLI',
      out_trade_no: OUT_TRADE_NO,
      notify_url: 'https://example.com/notify',
      amount: { total: 88 },
    };
    const result = await run(['v3.pay.transactions.native', '--method', 'post', '--config', configFile, '--json', JSON.stringify(json)]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^HTTP 200 OK\n/);
    expect(result.stdout).toMatch(/\nWechatpay-Serial: \S+\n/);
    expect(result.stdout).toMatch(/\n\n\{\n {2}"code_url": "weixin:\/\/wxpay\/bizpayurl\?pr=\S+"\n\}\n$/);
    transactionId = sandbox.markPaid(OUT_TRADE_NO).transaction_id as string;
  });

  it('fills template variables and dotted --query.NAME options, as the issue’s example', async () => {
    const result = await run([
      'v3.pay.transactions.id._transaction_id_', '--method', 'get', '--config', configFile,
      '--transaction_id', transactionId, '--query.mchid', sandbox.mchid,
    ]);
    expect(result.code).toBe(0);
    expect(bodyOf(result.stdout)).toMatchObject({ transaction_id: transactionId, out_trade_no: OUT_TRADE_NO, trade_state: 'SUCCESS' });
  });

  it('takes a slash path as chain() does, and --sync uses the synchronous verb', async () => {
    const result = await run(['v3/pay/transactions/out-trade-no/{out_trade_no}', '--config', configFile, '--out_trade_no', OUT_TRADE_NO, '--query.mchid', sandbox.mchid, '--sync']);
    expect(result.code).toBe(0);
    expect(bodyOf(result.stdout)).toMatchObject({ out_trade_no: OUT_TRADE_NO });
  });

  it('reads the sandbox.json that `wechatpay-ts sandbox` writes as a config', async () => {
    const dir = join(temp.dir, 'sandbox-dir');
    saveSandboxKeys(dir, sandbox.keys);
    const settings = join(dir, 'sandbox.json');
    writeFileSync(settings, JSON.stringify(sandboxJson(sandbox, dir)));
    const result = await run(['v3.pay.transactions.outTradeNo._out_trade_no_', '--config', settings, '--out_trade_no', OUT_TRADE_NO, '--query.mchid', sandbox.mchid]);
    expect(result.code).toBe(0);
  });

  it('--debug prints the exchange on stderr (Authorization redacted)', async () => {
    const result = await run(['v3.pay.transactions.id._transaction_id_', '--config', configFile, '--transaction_id', transactionId, '--query.mchid', sandbox.mchid, '--debug']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^> GET /v3/pay/transactions/id/${transactionId}\\?mchid=${sandbox.mchid} `, 'm'));
    expect(result.stderr).toMatch(/^> Authorization: WECHATPAY2-SHA256-RSA2048 .*signature="[^"]*\[REDACTED\]"/m);
    expect(result.stderr).not.toMatch(/signature="[A-Za-z0-9+/]{40,}={0,2}"/);
  });

  it('--download saves the bill a tradebill answer points at, with a progress bar, and checks its hash', async () => {
    const to = join(temp.dir, 'bill.csv');
    const billDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const result = await run(['v3.bill.tradebill', '--config', configFile, '--query.bill_date', billDate, '--query.tar_type', 'GZIP', '--download', to, '--gunzip']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^bill \[#{30}\] 100% /);
    const hash = /SHA1 ([0-9a-f]{40}) matched/.exec(result.stdout)?.[1];
    expect(createHash('sha1').update(readFileSync(to)).digest('hex')).toBe(hash);
    expect(readFileSync(to, 'utf8')).toContain(`\`${OUT_TRADE_NO}`);
  });

  it('an error reply: the response on stdout, one line on stderr with its code, exit 1', async () => {
    const result = await run(['v3.pay.transactions.outTradeNo._out_trade_no_', '--config', configFile, '--out_trade_no', 'NOSUCHORDER1', '--query.mchid', sandbox.mchid]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^HTTP 404 Not Found\n/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^wechatpay-ts request: Client error: .*404 Not Found.*: ORDER_NOT_EXIST /);
  });

  describe('bad input: one line on stderr, exit 2, nothing sent', () => {
    const missing = () => join(temp.dir, 'missing.json');
    const cases: [string, () => string[], RegExp][] = [
      ['a missing config file', () => ['v3.certificates', '--config', missing()], /cannot read the config file .*missing\.json: no such file/],
      ['a config that is not JSON', () => ['v3.certificates', '--config', notJson()], /is not JSON/],
      ['no --config', () => ['v3.certificates'], /missing --config FILE/],
      ['no endpoint', () => ['--config', configFile], /missing <endpoint>/],
      ['an unknown option', () => ['v3.pay.transactions.id._transaction_id_', '--config', configFile, '--transaction_id', '1', '--colour', 'red'], /unknown option `--colour`: not a variable of the endpoint \(transaction_id\)/],
      ['a bad --json', () => ['v3.pay.transactions.native', '--method', 'post', '--config', configFile, '--json', '{nope'], /--json is not JSON/],
      ['a bad --method', () => ['v3.certificates', '--config', configFile, '--method', 'fetch'], /--method must be one of get, post, put, patch, delete/],
      ['an option without its value', () => ['v3.certificates', '--config'], /option `--config` needs a value/],
    ];
    it.each(cases)('%s', async (_name, argv, pattern) => {
      const result = await run(argv());
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).toMatch(pattern);
    });

    it('a config Builder.factory refuses is one line too (exit 1)', async () => {
      const file = join(temp.dir, 'incomplete.json');
      writeFileSync(file, JSON.stringify({ mchid: '1900000109' }));
      const result = await run(['v3.certificates', '--config', file]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^wechatpay-ts request: The config has neither APIv3 keys \(`serial`, `privateKey`, `certs`\) nor an APIv2 `secret`.*\n$/);
    });
  });

  it('the progress bar redraws in place on a terminal and ends its line when done', () => {
    const io = captureIo(true);
    const bar = progressBar(io, 'bill');
    [0, 512, 513, 1024].forEach((done) => bar(done, 1024));
    expect(io.err()).toBe(
      '\rbill [------------------------------]   0% 0 B/1.0 KiB' +
        '\rbill [###############---------------]  50% 512 B/1.0 KiB' +
        '\rbill [##############################] 100% 1.0 KiB/1.0 KiB\n',
    );
  });

  it('runs as a real process', async () => {
    const result = await runCli(['request', 'v3.pay.transactions.id._transaction_id_', '--config', configFile, '--transaction_id', transactionId, '--query.mchid', sandbox.mchid]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(bodyOf(result.stdout)).toMatchObject({ transaction_id: transactionId });

    const unknown = await runCli(['request', 'v3.certificates', '--config', configFile, '--nope', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 60_000);
});

function notJson(): string {
  const path = join(temp.dir, 'not.json');
  writeFileSync(path, 'mchid = 1');
  return path;
}
