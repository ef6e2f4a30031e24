'use strict';
// A deliberately cheap WeChat-Pay-like server for throughput benchmarks, in its own process: it answers
// every request with one response signed at start and once a minute (inside the ±300 s window), so the CPU goes to
// the clients being measured, not to the server. WeChat Pay's servers are not on the client's machine; this
// stand-in is, and it shares the two cores with every contestant. So it speaks just enough HTTP/1.1 over a
// raw socket (keep-alive, Content-Length request bodies) and writes one prepared byte string per request: a
// node:http server spends several times as much CPU per request parsing and building what nobody reads.
// Every contestant talks to the same server. Prints its port on stdout. GET /__connections tells how many
// connections clients have opened so far (the many-merchants bench checks that pools are shared).
const net = require('node:net');
const crypto = require('node:crypto');
const { readFileSync } = require('node:fs');

const [platformKeyFile, serial] = process.argv.slice(2);
const key = crypto.createPrivateKey(readFileSync(platformKeyFile));
const body = '{"individual_auth_id":"1900000109","operation_time":"2018-06-08T10:34:56+08:00","auth_state":"AUTHORIZED"}';
const HEAD_END = Buffer.from('\r\n\r\n');
let reply;
/** Signs the one reply; again every minute, so long runs stay inside the ±300 s window. */
function sign() {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = crypto.randomBytes(16).toString('hex');
  const signature = crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), key).toString('base64');
  reply = Buffer.from(
    'HTTP/1.1 200 OK\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Request-ID: bench\r\n' +
      `Wechatpay-Timestamp: ${timestamp}\r\n` +
      `Wechatpay-Nonce: ${nonce}\r\n` +
      `Wechatpay-Signature: ${signature}\r\n` +
      `Wechatpay-Serial: ${serial}\r\n` +
      `\r\n${body}`,
  );
}
sign();
setInterval(sign, 60_000).unref();

let connections = 0;
/** The answer to one request head; `/__connections` gets the count instead of the signed reply. */
function answer(head) {
  if (!head.startsWith('GET /__connections ')) return reply;
  const count = String(connections);
  return Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${count.length}\r\n\r\n${count}`);
}

/** Bytes of the request body announced by this head (`Content-Length`; chunked bodies are not sent by any contestant). */
function bodyLength(head) {
  const match = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (/\r\ntransfer-encoding:/i.test(head)) throw new Error('bench server: chunked request bodies are not supported');
  return match ? Number(match[1]) : 0;
}

const server = net.createServer((socket) => {
  connections++;
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  let skip = 0; // bytes of the current request's body still to come
  let owed; // the answer, sent once that body is in
  socket.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (owed !== undefined) {
        const n = Math.min(skip, pending.length);
        skip -= n;
        pending = pending.subarray(n);
        if (skip > 0) return;
        socket.write(owed);
        owed = undefined;
      }
      const end = pending.indexOf(HEAD_END);
      if (end === -1) return;
      const head = pending.toString('latin1', 0, end + 2);
      pending = pending.subarray(end + 4);
      skip = bodyLength(head);
      owed = answer(head);
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
