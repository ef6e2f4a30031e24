/**
 * The built package works from `require` and from `import`, with one copy of each class (an error made
 * through one entry is `instanceof` the class of the other), and ships its worker files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');

beforeAll(() => {
  if (!existsSync(join(dist, 'cjs', 'index.js'))) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}, 120_000);

function node(code: string, type: 'module' | 'commonjs'): string {
  return execFileSync(process.execPath, [type === 'module' ? '--input-type=module' : '--input-type=commonjs', '-e', code], { cwd: root, encoding: 'utf8' }).trim();
}

describe('built package', () => {
  it('require() exposes every public name', () => {
    const out = node(
      `const m = require('wechatpay-ts'); console.log(['Builder','Rsa','PemUtil','Formatter','AesGcm','AesEcb','Hash','Transformer','HandlerStack','Middleware','TransferException','ConnectException','RequestException','BadResponseException','ClientException','ServerException','InvalidArgumentException'].filter((n) => !m[n]).join(',') || 'all')`,
      'commonjs',
    );
    expect(out).toBe('all');
  });

  it('import works and shares classes with require()', () => {
    const out = node(
      `import { InvalidArgumentException, Builder } from 'wechatpay-ts'; import { createRequire } from 'node:module';
       const cjs = createRequire(import.meta.url)('wechatpay-ts');
       let e; try { Builder.factory({}); } catch (x) { e = x; }
       console.log(e instanceof cjs.InvalidArgumentException, e instanceof InvalidArgumentException, cjs.Builder === Builder);`,
      'module',
    );
    expect(out).toBe('true true true');
  });

  it('the sandbox entry point loads from both', () => {
    expect(node(`console.log(typeof require('wechatpay-ts/sandbox').Sandbox)`, 'commonjs')).toBe('function');
    expect(node(`import { Sandbox } from 'wechatpay-ts/sandbox'; console.log(typeof Sandbox)`, 'module')).toBe('function');
  });

  it('the main entry loads no server code, from require() or import', () => {
    const sandboxDir = JSON.stringify(join(dist, 'cjs', 'sandbox'));
    expect(
      node(`const m = require('wechatpay-ts'); console.log('Sandbox' in m, Object.keys(require.cache).some((f) => f.startsWith(${sandboxDir})))`, 'commonjs'),
    ).toBe('false false');
    expect(
      node(
        `import * as m from 'wechatpay-ts'; import { createRequire } from 'node:module';
         const cache = createRequire(import.meta.url).cache;
         console.log('Sandbox' in m, Object.keys(cache).some((f) => f.startsWith(${sandboxDir})))`,
        'module',
      ),
    ).toBe('false false');
  });

  it('ships the worker entry and the error codes next to the compiled code', () => {
    expect(existsSync(join(dist, 'cjs', 'transport', 'worker.cjs'))).toBe(true);
    expect(existsSync(join(dist, 'cjs', 'transport', 'exchange.cjs'))).toBe(true);
    expect(existsSync(join(dist, 'cjs', 'errors', 'codes.cjs'))).toBe(true);
  });

  it('a synchronous verb works from the built JavaScript', () => {
    const out = node(
      `const { Builder } = require('wechatpay-ts'); const { generateKeyPairSync } = require('node:crypto');
       const k = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
       const i = Builder.factory({ mchid: '1', serial: 'A', privateKey: k().privateKey, certs: { B: k().publicKey }, base_uri: 'http://127.0.0.1:1/' });
       try { i.v3.certificates.get(); } catch (e) { console.log(e.name, e.code); }`,
      'commonjs',
    );
    expect(out).toBe('ConnectException ECONNREFUSED');
  });

  it('loading the main entry loads neither undici, node-forge, ioredis, the sandbox nor the CLI', () => {
    const loaded = (code: string) =>
      node(
        // Read once everything the code started has settled (a promise verb sends on the next microtask).
        `${code}; process.once('beforeExit', () => { const hits = ['/node_modules/undici/', '/node_modules/node-forge/', '/node_modules/ioredis/', '/sandbox/', '/cli/'].filter((p) => Object.keys(require.cache).some((f) => f.includes(p))); console.log(hits.join(',') || 'none') })`,
        'commonjs',
      );
    expect(loaded(`require('wechatpay-ts')`)).toBe('none');
    // The first request brings undici in, and nothing else of that list.
    expect(loaded(`const { Builder } = require('wechatpay-ts'); const { generateKeyPairSync } = require('node:crypto');
       const k = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
       const i = Builder.factory({ mchid: '1', serial: 'A', privateKey: k().privateKey, certs: { B: k().publicKey }, base_uri: 'http://127.0.0.1:1/' });
       try { i.v3.certificates.get(); } catch {}
       i.v3.certificates.getAsync().catch(() => {})`)).toBe('/node_modules/undici/');
  });
});
