/**
 * The worker never keeps a process alive: a script that makes one synchronous call (leaving a keep-alive
 * socket open in the worker) exits by itself, whether it runs from built JavaScript under plain node or
 * from the TypeScript source under tsx.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTransportServer, type TransportServer } from '../helpers/transport-server';

const root = path.join(__dirname, '../..');
let server: TransportServer;
let built: string;

/** Compiles lib/transport the way the package build does (tsc to CommonJS, *.cjs copied alongside). */
function buildTransport(): string {
  const out = mkdtempSync(path.join(tmpdir(), 'wechatpay-transport-dist-'));
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [
    tsc, path.join(root, 'lib/transport/index.ts'), '--outDir', out, '--rootDir', path.join(root, 'lib'),
    '--module', 'commonjs', '--target', 'ES2022', '--esModuleInterop', '--skipLibCheck', '--noCheck', '--types', 'node',
  ]);
  // Every *.cjs under lib/ (the worker's exchange.cjs reads errors/codes.cjs), as the package build copies them.
  for (const name of readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.cjs'))) {
    mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
    cpSync(path.join(root, 'lib', name), path.join(out, name));
  }
  return out;
}

const script = (entry: string): string => `
const { SyncTransport } = require(${JSON.stringify(entry)});
const transport = new SyncTransport({ keepAliveTimeoutMs: 60000 });
const response = transport.send({ method: 'GET', url: process.env.TARGET, headers: [], body: null, timeoutMs: 5000, maxResponseBytes: 1 << 20 });
process.stdout.write(JSON.stringify({ status: response.status, length: response.body.length, done: Date.now() }));
`;

/** Runs `command args…`, returns what the script printed and how long the process lived after its call. */
function runScript(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; length: number; lingerMs: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, TARGET: `${server.origin}/bytes?n=10`, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.on('error', reject);
    child.on('exit', (code) => {
      const exited = Date.now();
      clearTimeout(killer);
      try {
        const printed = JSON.parse(out) as { status: number; length: number; done: number };
        resolve({ status: printed.status, length: printed.length, lingerMs: exited - printed.done, code });
      } catch {
        reject(new Error(`script failed (exit ${code}): ${out} ${err}`));
      }
    });
  });
}

/**
 * How long a process may live on after its call. A worker that held it would keep it for the socket's 60 s
 * keep-alive (the script asks for that), so this only has to be far below 60 s; it is generous because an
 * exiting process also waits for V8's background compilation of undici's parser, over 1.5 s when the
 * machine is loaded (docs/sync-bridge.md §4).
 */
const LINGER_LIMIT_MS = 5_000;

beforeAll(async () => {
  server = await startTransportServer();
  built = buildTransport();
});
afterAll(async () => {
  rmSync(built, { recursive: true, force: true });
  await server.close();
});

it('exits by itself after a sync call from the built JavaScript (node -e)', async () => {
  const result = await runScript(process.execPath, ['-e', script(path.join(built, 'transport/index.js'))], {
    // The build lives in a temporary folder; let it find the project's undici.
    NODE_PATH: path.join(root, 'node_modules'),
  });
  expect(result).toMatchObject({ status: 200, length: 10, code: 0 });
  expect(result.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
});

it('exits by itself after a sync call from the TypeScript source under tsx', async () => {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const result = await runScript(tsx, ['-e', script(path.join(root, 'lib/transport/index.ts'))]);
  expect(result).toMatchObject({ status: 200, length: 10, code: 0 });
  expect(result.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
});
