/**
 * A request loads only the parts of undici it uses (its dispatcher and request modules), never undici's main
 * entry with fetch, WebSocket, the cache and the mocks: that is most of undici's load time at a cold start.
 * Checked in a fresh process, over real HTTP; a proxy agent, which needs the main entry, loads it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const EXCHANGE = join(__dirname, '../../lib/transport/exchange.cjs');

const run = promisify(execFile);

/** In a fresh process: builds an agent, runs `url` through it unless none is given, says whether undici's main entry loaded. */
async function fresh(agentOptions: object, url?: string): Promise<{ status?: number; body?: string; mainEntryLoaded: boolean }> {
  const script = `
    const { createAgent, exchange } = require(${JSON.stringify(EXCHANGE)});
    const mainEntryLoaded = () => Object.keys(require.cache).some((file) => /[\\/]undici[\\/]index\.js$/.test(file));
    const agent = createAgent(${JSON.stringify(agentOptions)});
    const url = ${JSON.stringify(url ?? null)};
    (url === null ? Promise.resolve({}) : exchange({ url, method: 'GET', headers: [], timeoutMs: 10000 }, agent).then((answer) => ({ status: answer.status, body: Buffer.from(answer.body).toString() })))
      .then((answer) => { process.stdout.write(JSON.stringify({ ...answer, mainEntryLoaded: mainEntryLoaded() })); process.exit(0); }, (error) => { console.error(error); process.exit(1); });`;
  const { stdout } = await run(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  return JSON.parse(stdout) as { status?: number; body?: string; mainEntryLoaded: boolean };
}

describe('undici is loaded by parts', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      // A forward proxy sees the absolute URL; the origin sees the path.
      response.end(JSON.stringify({ target: request.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a plain request loads the dispatcher and request modules, not the main entry', async () => {
    expect(await fresh({}, `${base}/v3/ping`)).toEqual({ status: 200, body: JSON.stringify({ target: '/v3/ping' }), mainEntryLoaded: false });
  }, 60_000);

  it('a proxy agent loads the main entry (its tunnel needs Dispatcher#connect)', async () => {
    expect(await fresh({ proxy: base })).toEqual({ mainEntryLoaded: true });
  }, 60_000);
});
