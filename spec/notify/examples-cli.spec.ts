/** Each notify example runs as its README says (`npx tsx examples/notify-….ts`): its demo notifies itself once. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '../..');

it.each(['notify-http.ts', 'notify-express.ts', 'notify-fastify.ts'])('tsx examples/%s', async (file) => {
  const env = { ...process.env };
  for (const name of ['WECHATPAY_APIV3_KEY', 'WECHATPAY_SERIAL', 'WECHATPAY_PUBLIC_KEY']) delete env[name];
  const { stdout } = await run(process.execPath, [require.resolve('tsx/cli'), join('examples', file)], { cwd: root, env, timeout: 60_000 });
  expect(stdout).toMatch(/answered 204 to TRANSACTION\.SUCCESS/);
  expect(stdout).toMatch(/demo: notification \S+ → http:\/\/127\.0\.0\.1:\d+\/notify: delivered/);
}, 60_000);
