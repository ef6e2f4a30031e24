'use strict';
// Stands for npm's `npx` wrapper: starts `wechatpay-ts sandbox …` as a child, prints the child's pid, and
// dies on SIGTERM without passing the signal on (as npm exec does), leaving the child orphaned.
const { spawn } = require('node:child_process');
const { openSync } = require('node:fs');
const { join } = require('node:path');

const [log, ...args] = process.argv.slice(2);
const out = openSync(log, 'a');
const child = spawn(process.execPath, [join(__dirname, 'files-cli-entry.cjs'), 'sandbox', ...args], { stdio: ['ignore', out, out] });
process.stdout.write(`${child.pid}\n`);
setInterval(() => undefined, 60_000);
