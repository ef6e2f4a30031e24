// Builds dist/: CommonJS compiled by tsc, plus ES-module entry points that re-export the very same
// CommonJS objects (one copy of every class, so `instanceof` holds for users mixing import and require).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
