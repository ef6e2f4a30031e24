'use strict';
// A deliberately cheap WeChat-Pay-like server for throughput benchmarks, in its own process: it answers
// every request with one response signed at start and once a minute (inside the ±300 s window), so the CPU goes to
// the client being measured, not to the server. Prints its port on stdout. GET /__connections tells how
// many connections clients have opened so far (the many-merchants bench checks that pools are shared).
const http = require('node:http');
const crypto = require('node:crypto');
const { readFileSync } = require('node:fs');

const [platformKeyFile, serial] = process.argv.slice(2);
const key = crypto.createPrivateKey(readFileSync(platformKeyFile));
const body = '{"individual_auth_id":"1900000109","operation_time":"2018-06-08T10:34:56+08:00","auth_state":"AUTHORIZED"}';
let headers;
/** Signs the one reply; again every minute, so long runs stay inside the ±300 s window. */
function sign() {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = crypto.randomBytes(16).toString('hex');
  const signature = crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), key).toString('base64');
  headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Request-ID': 'bench',
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': serial,
  };
}
sign();
setInterval(sign, 60_000).unref();
let connections = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/__connections') {
    res.end(String(connections));
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.on('connection', () => connections++);
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
