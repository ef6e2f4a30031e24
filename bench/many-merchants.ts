/**
 * Goal 6: MERCHANTS clients (default 10,000) in one process, each with its own key objects, each making one
 * verified call; RSS and the connections opened, beside wechatpay-axios-plugin doing the same. Each SDK runs
 * in a fresh process of its own, on the built package, against a fresh server (so the connection counts are
 * each SDK's own). Key texts are parsed per client (each client holds key objects of its own); generating
 * 10,000 distinct RSA keys would take minutes and change nothing in the memory held per client. The one
 * platform public key is shared by every merchant, as a platform certificate is: wechatpay-ts keeps one
 * object for it (with distinct WeChat Pay public keys per merchant, add about 3.5 KB of OpenSSL memory per merchant).
 *
 *   npm run build && npx tsx bench/many-merchants.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, NOTE, table } from './helpers/stats';
import { startWorld } from './helpers/seed';

const MERCHANTS = Number(process.env.MERCHANTS ?? 10_000);
const CHILD = join(__dirname, 'helpers/merchants-child.cjs');

interface Figures {
  before: number;
  built: number;
  used: number;
  connections: number;
  clients: number;
}

async function measure(sdk: string): Promise<Figures> {
  const world = await startWorld();
  try {
    const child = spawnSync(process.execPath, ['--expose-gc', CHILD, sdk, String(MERCHANTS), world.base, world.merchantKeyFile, world.platformPublicKeyFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`${sdk}: ${child.stderr}`);
    return JSON.parse(child.stdout) as Figures;
  } finally {
    world.server.kill('SIGTERM');
  }
}

async function main() {
  if (!existsSync(join(__dirname, '../dist/cjs/index.js'))) execFileSync('npm', ['run', 'build'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
  const rows = [];
  const figures: Record<string, Figures> = {};
  for (const sdk of ['wechatpay-ts', 'wechatpay-axios-plugin']) {
    const f = (figures[sdk] = await measure(sdk));
    rows.push({
      sdk,
      clients: fmt(f.clients),
      'RSS before, MiB': fmt(f.before, 1),
      'RSS built, MiB': fmt(f.built, 1),
      'RSS after one call each, MiB': fmt(f.used, 1),
      'KiB per client': fmt(((f.used - f.before) * 1024) / f.clients, 1),
      'connections opened': fmt(f.connections),
    });
  }
  console.log(`# ${fmt(MERCHANTS)} merchants in one process, one verified call each (64 at a time)\n${NOTE}\n`);
  console.log(table(rows));
  const ours = figures['wechatpay-ts']!;
  console.log('\n# Goals');
  console.log(table([{ goal: `6. ${fmt(MERCHANTS)} clients, RSS`, measured: `${fmt(ours.used, 1)} MiB (peer: ${fmt(figures['wechatpay-axios-plugin']!.used, 1)} MiB), ${fmt(ours.connections)} connections`, target: '< 150 MB, pools shared' }]));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
