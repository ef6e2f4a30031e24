// Builds dist/: CommonJS compiled by tsc, plus ES-module entry points that re-export the very same
// CommonJS objects (one copy of every class, so `instanceof` holds for users mixing import and require).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// Plain-JavaScript files (the sync worker and its exchange), the generated endpoint data and the sandbox
// console's pages are not compiled: copy them beside the output.
for (const file of walk(join(root, 'lib'))) {
  if (/\.(cjs|d\.cts|json)$/.test(file) || file.includes(`${join('console', 'static')}/`)) cpSync(file, join(dist, 'cjs', relative(join(root, 'lib'), file)));
}

// The main entry, bundled into one file over tsc's: a cold start then reads and compiles one module instead
// of a hundred (three times faster to require). Packages stay outside (undici and node-forge load when first
// used). The sandbox entry keeps tsc's files; the two copies of shared code are harmless: the error classes
// are branded, and the crypto helpers are stateless.
buildSync({
  entryPoints: [join(root, 'lib/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  outfile: join(dist, 'cjs/index.js'),
  allowOverwrite: true,
  logLevel: 'warning',
});

// The sandbox console's QR module, with qrcode-generator bundled in over tsc's output: the package's runtime
// dependencies stay undici and node-forge, and `dist/` never requires the encoder. Its MIT notice (the
// library's own header, which esbuild's legalComments would drop for lack of a `/*!` marker) heads the file.
const qrSource = readFileSync(require.resolve('qrcode-generator'), 'utf8').split('\n');
const qrPackage = JSON.parse(readFileSync(join(dirname(require.resolve('qrcode-generator')), '..', 'package.json'), 'utf8'));
const qrNotice = qrSource.slice(0, qrSource.findIndex((line) => !line.startsWith('//')));
const qrModule = join(dist, 'cjs/sandbox/console/qr.js');
buildSync({
  entryPoints: [qrModule],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: qrModule,
  allowOverwrite: true,
  legalComments: 'inline',
  banner: { js: `/*! Bundles ${qrPackage.name} ${qrPackage.version} (${qrPackage.license} licence):\n${qrNotice.map((line) => ` * ${line.replace(/^\/\/ ?/, '')}`.trimEnd()).join('\n')}\n */` },
  logLevel: 'warning',
});

mkdirSync(join(dist, 'esm'), { recursive: true });
esmEntry('index', '../cjs/index.js');
esmEntry('sandbox', '../cjs/sandbox/index.js');

function esmEntry(name, target) {
  const names = Object.keys(require(join(dist, 'esm', target))).filter((n) => n !== 'default' && n !== '__esModule');
  writeFileSync(
    join(dist, 'esm', `${name}.mjs`),
    `import cjs from '${target}';\nexport const { ${names.join(', ')} } = cjs;\nexport default cjs;\n`,
  );
  writeFileSync(join(dist, 'esm', `${name}.d.mts`), `export * from '${target}';\n`);
}

function* walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
