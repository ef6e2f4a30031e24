/**
 * `wechatpay-ts certificates`, PHP's CertificateDownloader, end to end against a cert-mode sandbox:
 * in-process (captured output) and as a real process; and every bad input as one line and a non-zero exit.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PemUtil } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import { runCertificatesCommand } from '../../lib/cli/certificates';
import { main } from '../../lib/cli/main';
import { captureIo, runCli, tempDir } from '../helpers/files-fixtures';
import { sandboxKeys } from '../helpers/sandbox-keys';

let sandbox: Sandbox;
let pubkeySandbox: Sandbox;
const temp = tempDir('wechatpay-certs-');
const keyFile = join(temp.dir, 'apiclient_key.pem');

beforeAll(async () => {
  const keys = await sandboxKeys();
  [sandbox, pubkeySandbox] = await Promise.all([Sandbox.start({ keys, mode: 'cert' }), Sandbox.start({ keys })]);
  writeFileSync(keyFile, sandbox.merchantPrivateKeyPem);
});

afterAll(async () => {
  await Promise.all([sandbox.stop(), pubkeySandbox.stop()]);
  temp.remove();
});

let outputs = 0;
const freshDir = () => join(temp.dir, `out${++outputs}`);
const argsFor = (output: string, overrides: Record<string, string> = {}) => {
  const values: Record<string, string> = {
    '-k': sandbox.apiv3Key,
    '-m': sandbox.mchid,
    '-f': keyFile,
    '-s': sandbox.merchantSerial,
    '-o': output,
    '-u': sandbox.baseUri,
    ...overrides,
  };
  return Object.entries(values).flatMap(([flag, value]) => [flag, value]);
};

/** Exactly one line on stderr, and no stack frames in it. */
const expectOneLineError = (stderr: string, pattern: RegExp) => {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toMatch(pattern);
};

describe('wechatpay-ts certificates', () => {
  it('downloads, decrypts, self-verifies and saves the platform certificates, printing serials and validity', async () => {
    const output = freshDir();
    const io = captureIo();
    expect(await runCertificatesCommand(argsFor(output), io)).toBe(0);
    expect(io.err()).toBe('');

    const serials = [...io.out().matchAll(/Serial Number: ([0-9A-F]+)/g)].map((match) => match[1]!);
    expect(serials).toContain(sandbox.platformSerial);
    expect(readdirSync(output).sort()).toEqual(serials.map((serial) => `wechatpay_${serial}.pem`).sort());
    for (const serial of serials) {
      const path = join(output, `wechatpay_${serial}.pem`);
      expect(PemUtil.parseCertificateSerialNo(readFileSync(path, 'utf8'))).toBe(serial);
      expect(io.out()).toContain(`openssl x509 -in ${path} -noout -serial -dates`);
    }
    expect(readFileSync(join(output, `wechatpay_${sandbox.platformSerial}.pem`), 'utf8').trim()).toBe(sandbox.platformPem.trim());
    expect(io.out()).toMatch(/Not Before: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00\n\s+Not After: \d{4}-/);
  });

  it('takes the long option names, `-k=value`, --base-uri and a file:// key path', async () => {
    const output = freshDir();
    const io = captureIo();
    const argv = [
      `-k=${sandbox.apiv3Key}`,
      '--mchid', sandbox.mchid,
      '--privatekey', pathToFileURL(keyFile).href,
      '--serialno', sandbox.merchantSerial,
      '--output', output,
      `--base-uri=${sandbox.baseUri}`,
    ];
    expect(await runCertificatesCommand(argv, io)).toBe(0);
    expect(existsSync(join(output, `wechatpay_${sandbox.platformSerial}.pem`))).toBe(true);
  });

  it('writes nothing when the response does not verify with the certificate it carried', async () => {
    const output = freshDir();
    const io = captureIo();
    sandbox.tamperNextResponse();
    expect(await runCertificatesCommand(argsFor(output), io)).toBe(1);
    expectOneLineError(io.err(), /^wechatpay-ts certificates: Response verification failed: /);
    expect(existsSync(output)).toBe(false);
  });

  describe('bad input: one line on stderr, a non-zero exit, no stack trace', () => {
    const cases: [string, () => string[], number, RegExp][] = [
      ['a missing key file', () => argsFor(freshDir(), { '-f': join(temp.dir, 'nope.pem') }), 2, /cannot read the private key file .*nope\.pem: no such file/],
      ['a key path that is a directory', () => argsFor(freshDir(), { '-f': temp.dir }), 2, /cannot read the private key file .*: it is a directory/],
      ['a key file without a key', () => argsFor(freshDir(), { '-f': garbageFile() }), 2, /holds no RSA private key/],
      ['an unknown option', () => [...argsFor(freshDir()), '--colour'], 2, /unknown option `--colour`/],
      ['an unknown short option', () => [...argsFor(freshDir()), '-x'], 2, /unknown option `-x`/],
      ['a missing mandatory option', () => argsFor(freshDir()).filter((_, i, all) => all[i] !== '-m' && all[i - 1] !== '-m'), 2, /missing -m\/--mchid/],
      ['an APIv3 key of the wrong length', () => argsFor(freshDir(), { '-k': 'short' }), 2, /APIv3 key must be 32 bytes, got 5/],
      ['a wrong APIv3 key', () => argsFor(freshDir(), { '-k': 'x'.repeat(32) }), 1, /Cannot decrypt the certificate [0-9A-F]+: the APIv3 key \(-k\) is probably wrong/],
      ['a merchant in public-key mode', () => argsFor(freshDir(), { '-u': pubkeySandbox.baseUri }), 1, /404 Not Found.*RESOURCE_NOT_EXISTS/],
    ];
    it.each(cases)('%s', async (_name, argv, code, pattern) => {
      const args = argv();
      const io = captureIo();
      expect(await runCertificatesCommand(args, io)).toBe(code);
      expectOneLineError(io.err(), pattern);
      expect(io.out()).toBe('');
      const output = args[args.indexOf('-o') + 1]!;
      expect(existsSync(output) ? readdirSync(output) : []).toEqual([]);
    });

    it('never prints the APIv3 key, and --debug adds the stack', async () => {
      const io = captureIo();
      expect(await runCertificatesCommand([...argsFor(freshDir(), { '-k': 'y'.repeat(32) }), '--debug'], io)).toBe(1);
      expect(io.err()).toMatch(/\n\s+at /);
      expect(io.err()).not.toContain('y'.repeat(32));
    });
  });

  it('is a command of `wechatpay-ts` (help and version exit 0)', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['certificates', '--help'])).toBe(0);
      expect(String(write.mock.calls[0]![0])).toMatch(/^Usage: wechatpay-ts certificates -k APIV3KEY/);
      expect(await main(['certificates', '-V'])).toBe(0);
      expect(String(write.mock.calls[1]![0])).toMatch(/^wechatpay-ts\/\d+\.\d+\.\d+\n$/);
    } finally {
      write.mockRestore();
    }
  });

  it('runs as a real process: certificates saved, exit 0; a wrong key exits 1 with one line', async () => {
    const output = freshDir();
    const good = await runCli(['certificates', ...argsFor(output)]);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toContain(`Serial Number: ${sandbox.platformSerial}`);
    expect(existsSync(join(output, `wechatpay_${sandbox.platformSerial}.pem`))).toBe(true);

    const bad = await runCli(['certificates', ...argsFor(freshDir(), { '-k': 'z'.repeat(32) })]);
    expect(bad.code).toBe(1);
    expectOneLineError(bad.stderr, /APIv3 key \(-k\) is probably wrong/);
  }, 60_000);
});

function garbageFile(): string {
  const path = join(temp.dir, 'garbage', 'key.pem');
  mkdirSync(join(temp.dir, 'garbage'), { recursive: true });
  writeFileSync(path, 'this is not a key\n');
  return path;
}
