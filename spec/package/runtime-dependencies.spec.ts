/**
 * The package's runtime contract: `dependencies` are exactly undici and node-forge. The sandbox
 * console's QR encoder (qrcode-generator, a dev dependency) is bundled into `dist/` at build time with
 * its MIT notice, so no built file requires it, and the bundled encoder still draws a QR code that
 * decodes back to the Native order's `code_url`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
const qrModule = join(dist, 'cjs', 'sandbox', 'console', 'qr.js');

beforeAll(() => {
  // CI builds before `npm test`; a local run without dist/ builds once here.
  if (!existsSync(qrModule)) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}, 180_000);

function* jsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* jsFiles(path);
    else if (/\.(c|m)?js$/.test(entry)) yield path;
  }
}

/** Dark modules of the SVG the sandbox draws (one `M x,y` square per module) as RGBA pixels, one pixel per unit. */
function rasterize(svg: string): { data: Uint8ClampedArray; size: number } {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const cell = Number(/M\d+,\d+l(\d+),0/.exec(svg)![1]);
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)l/g)) {
    for (let dy = 0; dy < cell; dy++) {
      for (let dx = 0; dx < cell; dx++) {
        const at = ((Number(y) + dy) * size + Number(x) + dx) * 4;
        data[at] = data[at + 1] = data[at + 2] = 0;
      }
    }
  }
  return { data, size };
}

describe('the runtime dependencies', () => {
  it('are exactly undici and node-forge', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['node-forge', 'undici']);
    expect(manifest.devDependencies).toHaveProperty('qrcode-generator');
  });

  it('leave no built file requiring qrcode-generator; the QR module carries its MIT notice', () => {
    const requiring = [...jsFiles(dist)].filter((file) => /require\(\s*["']qrcode-generator["']\s*\)|from\s*["']qrcode-generator["']/.test(readFileSync(file, 'utf8')));
    expect(requiring).toEqual([]);
    const bundled = readFileSync(qrModule, 'utf8');
    expect(bundled).toMatch(/^\/\*! Bundles qrcode-generator \d+\.\d+\.\d+ \(MIT licence\):/);
    expect(bundled).toContain('Copyright (c) 2009 Kazuhiko Arase');
    expect(bundled).toContain('Licensed under the MIT license');
  });

  it('draw, from the built module with qrcode-generator unresolvable, a QR code that decodes to the code_url', () => {
    const codeUrl = 'weixin://wxpay/bizpayurl?pr=Zx9_kLm2Qa';
    // The child refuses to resolve the package, as an install without dev dependencies would.
    const script = `
      const Module = require('node:module');
      const resolve = Module._resolveFilename;
      Module._resolveFilename = function (request, ...rest) {
        if (request === 'qrcode-generator') throw new Error('qrcode-generator is not installed');
        return resolve.call(this, request, ...rest);
      };
      process.stdout.write(require(${JSON.stringify(qrModule)}).qrSvg(${JSON.stringify(codeUrl)}));`;
    const svg = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(svg).toMatch(/^<svg /);
    const { data, size } = rasterize(svg);
    expect(jsQR(data, size, size)?.data).toBe(codeUrl);
  });
});
