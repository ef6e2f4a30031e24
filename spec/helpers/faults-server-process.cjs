'use strict';
/**
 * A scripted misbehaving APIv3 host for the resilience specs, run in a child process (a synchronous verb
 * blocks the test's thread, so a server living there could never answer). Prints `{"port": N}` first.
 *
 * Every request that is not a control call takes the next action of the script (then `ok` forever):
 *   ok               200, JSON body naming this server and the arrival number, signed with the platform key
 *   status           that status, unsigned JSON error body (`code`), extra headers (e.g. Retry-After)
 *   reset            reads the whole request, then destroys the socket: no status line
 *   stall-headers    reads the request and never answers
 *   stall-body       200 with a Content-Length, half the body, then nothing
 *   truncate         200 with a Content-Length, a few bytes, then closes the socket
 * Control: POST /__script (JSON array of actions; replaces the script), GET /__arrivals (and clears them).
 * It is also a CONNECT proxy: tunnels are counted and listed in the arrivals as `CONNECT host:port`.
 * Signing key: FAULTS_SERVER_KEY (PKCS#8 PEM) and FAULTS_SERVER_SERIAL in the environment.
 */
const http = require('node:http');
const net = require('node:net');
const crypto = require('node:crypto');

const label = process.env.FAULTS_SERVER_NAME || 'server';
const serial = process.env.FAULTS_SERVER_SERIAL;
const key = crypto.createPrivateKey(process.env.FAULTS_SERVER_KEY);

let script = [];
const arrivals = [];

function signed(body) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = crypto.randomBytes(16).toString('hex');
  const signature = crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), key).toString('base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': serial,
  };
}

function act(action, req, res, arrival) {
  const json = { 'Content-Type': 'application/json', 'Request-ID': crypto.randomUUID() };
  switch (action.do) {
    case 'status': {
      const body = JSON.stringify({ code: action.code ?? 'SYSTEM_ERROR', message: 'scripted failure' });
      res.writeHead(action.status, { ...json, ...(action.headers ?? {}) });
      return res.end(body);
    }
    case 'reset':
      return req.socket.destroy();
    case 'stall-headers':
      return undefined;
    case 'stall-body':
      res.writeHead(200, { ...json, 'Content-Length': '64' });
      return res.write('{"partial":');
    case 'truncate':
      res.writeHead(200, { ...json, 'Content-Length': '64' });
      res.write('{"cut":');
      return setTimeout(() => req.socket.destroy(), 20);
    default: {
      const body = JSON.stringify({ server: label, arrival, method: req.method, target: req.url });
      res.writeHead(200, { ...json, ...signed(body) });
      return res.end(body);
    }
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/__script' && req.method === 'POST') {
      script = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      arrivals.length = 0;
      res.writeHead(204);
      return res.end();
    }
    if (req.url === '/__arrivals') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(arrivals.splice(0)));
    }
    const action = script.shift() ?? { do: 'ok' };
    const body = Buffer.concat(chunks);
    arrivals.push({
      method: req.method,
      target: req.url,
      authorization: req.headers.authorization ?? '',
      action: action.do ?? 'ok',
      sha256: crypto.createHash('sha256').update(body).digest('hex'),
    });
    act(action, req, res, arrivals.length);
  });
});

server.on('connect', (req, socket, head) => {
  arrivals.push({ method: 'CONNECT', target: req.url, authorization: '', action: 'tunnel' });
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
});

server.keepAliveTimeout = 1000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.stdin.resume();
