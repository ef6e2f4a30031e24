/**
 * The sync worker's rehearsal (warm-up.cjs), run in a child process of its own (undici's first parse leaves
 * background compilation behind that would only slow this runner's exit): it goes through undici's HTTP/1
 * path and ours, and never touches the network.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const CHILD = `
const net = require('node:net');
const dns = require('node:dns');
let connects = 0;
let lookups = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { connects++; return connect.apply(this, args); };
const lookup = dns.lookup;
dns.lookup = function (...args) { lookups++; return lookup.apply(this, args); };
const { exchange } = require(process.argv[1]);
const answers = [];
require.cache[process.argv[1]].exports.exchange = async (...args) => {
  const response = await exchange(...args);
  answers.push(response.status + ' ' + Buffer.from(response.body).toString());
  return response;
};
require(process.argv[2]).warmUp().then(() => {
  process.stdout.write(JSON.stringify({ connects, lookups, answers, tls: process.moduleLoadList.includes('NativeModule tls') }));
});
`;

it('rehearses whole exchanges over an in-memory socket, without a connection or a name lookup', () => {
  const dir = path.join(__dirname, '../../lib/transport');
  const child = spawnSync(process.execPath, ['-e', CHILD, path.join(dir, 'exchange.cjs'), path.join(dir, 'warm-up.cjs')], { encoding: 'utf8', timeout: 60_000 });
  expect(child.stderr).toBe('');
  const seen = JSON.parse(child.stdout) as { connects: number; lookups: number; answers: string[]; tls: boolean };
  // GET, POST, GET; each answered in full, as a real exchange would be; TLS loaded for the first HTTPS call.
  expect(seen).toEqual({ connects: 0, lookups: 0, answers: ['200 {}', '200 {}', '200 {}'], tls: true });
});
