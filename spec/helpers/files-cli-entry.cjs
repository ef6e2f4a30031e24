'use strict';
// Runs `wechatpay-ts` from the TypeScript sources (bin/wechatpay-ts.cjs prefers a build in dist/, which may
// predate the code under test), exactly as the bin does otherwise: exit code from main(), stderr on a throw.
require('tsx/cjs');
const { join } = require('node:path');
const { main } = require(join(__dirname, '..', '..', 'lib', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`wechatpay-ts: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 1;
  },
);
