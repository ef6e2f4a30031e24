/**
 * `npm run endpoints`: regenerates lib/endpoints/generated/ from the catalogue and the overrides, and
 * prints the catalogue entries it had to read around (by name, with the count).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ROOT, generate } from './generate';

const { files, operations, problems } = generate();
for (const [path, content] of files) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${relative(ROOT, path)} (${(content.length / 1024).toFixed(0)} KiB)`);
}
console.log(`${operations.length} operations described.`);
if (problems.list.length) console.log(problems.report());
