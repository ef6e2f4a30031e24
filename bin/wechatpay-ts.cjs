#!/usr/bin/env node
'use strict';
// The CLI: `wechatpay-ts sandbox | certificates | request`. Runs the built code when the package is
// installed; inside a checkout without a build it runs the TypeScript sources through tsx.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'cjs', 'cli', 'main.js');
let main;
if (existsSync(built)) {
  main = require(built).main;
} else {
  require('tsx/cjs');
  main = require(join(__dirname, '..', 'lib', 'cli', 'main.ts')).main;
}
main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`wechatpay-ts: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 1;
  },
);
