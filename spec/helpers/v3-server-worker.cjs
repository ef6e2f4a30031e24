'use strict';
/**
 * A WeChat-Pay-like APIv3 server for the client specs, run in a worker thread (so synchronous verbs on
 * the main thread can reach it). Written from the protocol description, independently of the library:
 * it checks each request's Authorization with the merchant public key over the raw request line and
 * body bytes, and signs responses with the platform key. A control endpoint picks what goes wrong next.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');

const { merchantPublicPem, platformPrivatePem, platformSerial, mchid, keepAliveTimeoutMs, idleClose } = workerData;
const merchantKey = crypto.createPublicKey(merchantPublicPem);
const platformKey = crypto.createPrivateKey(platformPrivatePem);

let scenario = { name: 'ok' };
const recorded = [];

function checkAuthorization(req, body) {
  const header = req.headers.authorization || '';
  const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header);
  if (!match) return 'scheme';
  const fields = {};
  for (const part of match[1].split(',')) {
    const m = /^(\w+)="([^"]*)"$/.exec(part);
    if (!m) return 'format';
    fields[m[1]] = m[2];
  }
  for (const k of ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature']) if (!fields[k]) return `missing ${k}`;
  if (fields.mchid !== mchid) return 'mchid';
  if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) return 'timestamp';
  const message = `${req.method}\n${req.url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
  return crypto.verify('sha256', Buffer.from(message), merchantKey, Buffer.from(fields.signature, 'base64')) ? null : 'signature';
}

function signedHeaders(body, { timestamp = Math.floor(Date.now() / 1000), serial = platformSerial } = {}) {
  const nonce = crypto.randomBytes(16).toString('hex');
  const signature = crypto.sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), platformKey).toString('base64');
  return {
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

function answer(req, res, body) {
  const s = scenario;
  if (s.once) scenario = { name: 'ok' };
  const requestId = crypto.randomUUID();
  const base = { 'Content-Type': 'application/json; charset=utf-8', 'Request-ID': requestId };
  switch (s.name) {
    case 'never':
      return; // keep the socket open, answer nothing
    case 'error': {
      const text = JSON.stringify(s.body ?? { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      res.writeHead(s.status ?? 404, { ...base, ...(s.signed ? signedHeaders(text) : {}) });
      return res.end(text);
    }
    case 'tamper': {
      const headers = signedHeaders(body);
      res.writeHead(200, { ...base, ...headers });
      return res.end(body.replace('AUTHORIZED', 'UNAUTHORIZED'));
    }
    case 'wrong-serial':
      res.writeHead(200, { ...base, ...signedHeaders(body, { serial: 'PUB_KEY_ID_UNKNOWN' }) });
      return res.end(body);
    case 'stale':
      res.writeHead(200, { ...base, ...signedHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }) });
      return res.end(body);
    case 'missing-header': {
      const headers = signedHeaders(body);
      delete headers[s.header ?? 'Wechatpay-Signature'];
      res.writeHead(200, { ...base, ...headers });
      return res.end(body);
    }
    case 'probe': {
      const headers = signedHeaders(body);
      headers['Wechatpay-Signature'] = `WECHATPAY/SIGNTEST/${crypto.randomBytes(24).toString('base64')}`;
      res.writeHead(200, { ...base, ...headers });
      return res.end(body);
    }
    case 'no-content':
      res.writeHead(204, { 'Request-ID': requestId, ...signedHeaders('') });
      return res.end();
    case 'redirect':
      res.writeHead(s.status ?? 302, { Location: s.location, 'Request-ID': requestId });
      return res.end();
    case 'unsigned-file':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end('`2026-11-26 10:00:00,`wxd678efh567h23787\n');
    default:
      res.writeHead(200, { ...base, ...signedHeaders(body) });
      return res.end(body);
  }
}

function route(req, raw) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const contract = /^\/v3\/ecommerce\/individual-contracts\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && contract) {
    const openid = decodeURIComponent(contract[1]);
    const authorized = openid === 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    return JSON.stringify({
      individual_auth_id: authorized ? '1900000109' : '',
      operation_time: '2018-06-08T10:34:56+08:00',
      auth_state: authorized ? 'AUTHORIZED' : 'UNAUTHORIZED',
    });
  }
  return JSON.stringify({ method: req.method, target: req.url, body: raw.toString('utf8'), contentType: req.headers['content-type'] ?? null });
}

/** The idle-close timer of a connection (option `idleClose`). */
const IDLE_TIMER = Symbol('idle timer');

/**
 * `idleClose`: end a connection idle for `afterMs` with a FIN (`end`) or a RST (`reset`), our own timer
 * instead of Node's keep-alive one (which adds a second of grace), and advertise no `Keep-Alive: timeout=`,
 * as many servers do not: the client cannot know when the connection will go.
 */
function closeWhenIdle(req, res) {
  const socket = req.socket;
  clearTimeout(socket[IDLE_TIMER]);
  res.setHeader('Connection', 'keep-alive'); // set by hand, so Node adds no Keep-Alive header of its own
  res.once('finish', () => {
    socket[IDLE_TIMER] = setTimeout(() => (idleClose.how === 'reset' ? socket.resetAndDestroy() : socket.destroy()), idleClose.afterMs);
  });
}

const server = http.createServer((req, res) => {
  if (idleClose) closeWhenIdle(req, res);
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    if (req.url === '/__control' && req.method === 'POST') {
      scenario = JSON.parse(raw.toString('utf8'));
      res.writeHead(204);
      return res.end();
    }
    if (req.url === '/__requests') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(recorded.splice(0)));
      return;
    }
    const problem = checkAuthorization(req, raw.toString('utf8'));
    recorded.push({
      method: req.method,
      target: req.url,
      headers: req.rawHeaders,
      body: raw.toString('base64'),
      authorization: problem ?? 'ok',
      remotePort: req.socket.remotePort,
    });
    if (problem) {
      const text = JSON.stringify({ code: 'SIGN_ERROR', message: `签名错误 (${problem})` });
      res.writeHead(401, { 'Content-Type': 'application/json', 'Request-ID': crypto.randomUUID() });
      return res.end(text);
    }
    answer(req, res, route(req, raw));
  });
});
server.keepAliveTimeout = keepAliveTimeoutMs ?? (idleClose ? 60_000 : 2000);
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
