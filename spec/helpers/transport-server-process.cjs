'use strict';
/**
 * A small HTTP server for the transport specs, run in a child process: a synchronous call blocks the test's
 * thread, so a server living there could never answer. Prints `{"port": N}` on its first stdout line.
 *
 * Routes:
 *   /echo            JSON of what arrived: method, url, raw header pairs, body length, sha256, base64 (≤ 64 KiB);
 *                    answers with duplicated `x-dup` and `set-cookie` headers
 *   /bytes?n=N       N bytes of a fixed pattern (byte i = i % 251), with content-length
 *   /chunked?n=N     the same bytes without content-length (chunked)
 *   /slow?ms=M       waits M ms before the headers, then a short body
 *   /stall           sends the headers and half a body, then never finishes
 *   /never           never answers at all
 *   /status?code=C   status C, JSON error body
 *   /reset           destroys the socket without a response
 *   /whoami          JSON: whether the client presented a certificate the server's CA vouches for, and its CN
 * With TRANSPORT_SERVER_TLS = JSON {cert, key, ca} in the environment it serves HTTPS, asking for (not
 * requiring) a client certificate.
 * `Expect: 100-continue` is accepted (continue sent, then routed like any request).
 */
const http = require('node:http');
const crypto = require('node:crypto');

function pattern(n) {
  const bytes = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) bytes[i] = i % 251;
  return bytes;
}

function pairs(raw) {
  const out = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

function handle(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const number = (name, fallback) => Number(url.searchParams.get(name) ?? fallback);
  switch (url.pathname) {
    case '/echo': {
      const hash = crypto.createHash('sha256');
      const kept = [];
      let length = 0;
      req.on('data', (chunk) => {
        hash.update(chunk);
        length += chunk.length;
        if (length <= 65536) kept.push(chunk);
      });
      req.on('end', () => {
        const body = JSON.stringify({
          method: req.method,
          url: req.url,
          headers: pairs(req.rawHeaders),
          length,
          sha256: hash.digest('hex'),
          base64: length <= 65536 ? Buffer.concat(kept).toString('base64') : null,
        });
        res.writeHead(200, 'Fine Thanks', [
          ['Content-Type', 'application/json'],
          ['X-Dup', 'first'],
          ['X-Dup', 'second'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ]);
        res.end(body);
      });
      return;
    }
    case '/bytes': {
      const body = pattern(number('n', 0));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    case '/chunked': {
      const body = pattern(number('n', 0));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      for (let i = 0; i < body.length; i += 16384) res.write(body.subarray(i, i + 16384));
      res.end();
      return;
    }
    case '/slow':
      setTimeout(() => res.end('late'), number('ms', 1000));
      return;
    case '/stall':
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write(Buffer.alloc(500, 1));
      return;
    case '/never':
      return;
    case '/status':
      res.writeHead(number('code', 500), { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 'SYSTEM_ERROR', message: 'status route' }));
      return;
    case '/whoami': {
      const peer = typeof req.socket.getPeerCertificate === 'function' ? req.socket.getPeerCertificate() : undefined;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ authorized: req.socket.authorized === true, cn: peer && peer.subject ? peer.subject.CN : null }));
      return;
    }
    case '/reset':
      req.socket.destroy();
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

const tls = process.env.TRANSPORT_SERVER_TLS ? JSON.parse(process.env.TRANSPORT_SERVER_TLS) : undefined;
const server = tls
  ? require('node:https').createServer({ ...tls, requestCert: true, rejectUnauthorized: false }, handle)
  : http.createServer(handle);
server.on('checkContinue', (req, res) => {
  res.writeContinue();
  handle(req, res);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
// The parent closes our stdin when it is done, or dies: either way, go.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
