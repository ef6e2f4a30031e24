'use strict';
/**
 * A WeChat-Pay-like APIv2 server for the client specs, run in a worker thread (so synchronous verbs on
 * the main thread can reach it). Written from the protocol description, independently of the library:
 * it reads the XML (or, for GET, the query) with its own few lines, checks `sign` with MD5 or
 * HMAC-SHA256 as `sign_type` says, and answers XML signed the same way. It listens twice: plain HTTP,
 * and HTTPS that requires a client certificate from the test CA (mutual TLS). `/__control` on the
 * HTTP port picks what goes wrong next; `/__requests` hands over what arrived.
 */
const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { parentPort, workerData } = require('node:worker_threads');

const { secret, mchid, tls } = workerData;

let scenario = { name: 'ok' };
const recorded = [];

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** `<xml><k>v</k>…</xml>` → { k: v }; CDATA sections joined, the five entities and numeric references decoded. */
function readXml(text) {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
  if (!root) return null;
  const fields = {};
  for (const m of root[1].matchAll(/<([A-Za-z_][\w.-]*)>([\s\S]*?)<\/\1>/g)) {
    fields[m[1]] = m[2].replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, cdata, entity) => {
      if (cdata !== undefined) return cdata;
      if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
      return ENTITIES[entity] ?? all;
    });
  }
  return fields;
}

function writeXml(fields) {
  const inner = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('');
  return `<xml>${inner}</xml>`;
}

/** The APIv2 rule: non-empty fields but `sign`, keys in byte order, `k=v&…&key=secret`, upper-case hex. */
function sign(fields, type) {
  const keys = Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '' && fields[k] !== undefined);
  keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const text = `${keys.map((k) => `${k}=${fields[k]}`).join('&')}&key=${secret}`;
  const digest = type === 'HMAC-SHA256' ? crypto.createHmac('sha256', secret).update(text, 'utf8') : crypto.createHash('md5').update(text, 'utf8');
  return digest.digest('hex').toUpperCase();
}

function signCheck(fields, type) {
  if (type !== 'MD5' && type !== 'HMAC-SHA256') return 'unknown sign_type';
  if (!fields.sign) return 'missing';
  return sign(fields, type) === fields.sign ? 'ok' : 'bad';
}

function signed(fields, type) {
  return { ...fields, sign: sign(fields, type) };
}

const fail = (message) => ({ return_code: 'FAIL', return_msg: message });

/** The business fields of each endpoint's success reply. */
function route(path, fields, secure, clientName) {
  const common = { return_code: 'SUCCESS', return_msg: 'OK', appid: fields.appid ?? '', mch_id: fields.mch_id ?? '', nonce_str: crypto.randomBytes(8).toString('hex'), result_code: 'SUCCESS' };
  switch (path) {
    case '/pay/micropay':
      return {
        ...common,
        openid: 'oUpF8uN95-Ptaags6E_roPHg7AG0',
        is_subscribe: 'N',
        trade_type: 'MICROPAY',
        bank_type: 'CMC',
        fee_type: 'CNY',
        total_fee: Number(fields.total_fee),
        cash_fee: Number(fields.total_fee),
        transaction_id: '4200000101202611261234567890',
        out_trade_no: fields.out_trade_no ?? '',
        time_end: '20261126100000',
      };
    case '/pay/orderquery':
      return { ...common, trade_state: 'SUCCESS', out_trade_no: fields.out_trade_no ?? '', transaction_id: '4200000101202611261234567890', total_fee: 1 };
    case '/secapi/pay/refund':
      if (!secure || clientName !== mchid) return fail('请求需要双向证书');
      return {
        ...common,
        transaction_id: fields.transaction_id ?? '4200000101202611261234567890',
        out_trade_no: fields.out_trade_no ?? '',
        out_refund_no: fields.out_refund_no ?? '',
        refund_id: '50000000382019052709732678859',
        refund_fee: Number(fields.refund_fee),
        total_fee: Number(fields.total_fee),
        cash_fee: Number(fields.total_fee),
      };
    case '/mmpaymkttransfers/sendredpack':
      if (!secure || clientName !== mchid) return fail('请求需要双向证书');
      return {
        return_code: 'SUCCESS',
        return_msg: '发放成功',
        result_code: 'SUCCESS',
        err_code: 'SUCCESS',
        err_code_des: '发放成功',
        mch_billno: fields.mch_billno ?? '',
        mch_id: fields.mch_id ?? '',
        wxappid: fields.wxappid ?? '',
        re_openid: fields.re_openid ?? '',
        total_amount: Number(fields.total_amount),
        send_listid: '1000041701201411111234567890',
      };
    default:
      return null;
  }
}

/** Replies that carry no sign by design (the endpoints the SDKs exempt). */
const UNSIGNED = new Set(['/mmpaymkttransfers/sendredpack']);

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8', 'Request-ID': crypto.randomUUID() });
  res.end(body);
}

function answer(req, res, raw, secure) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const path = url.pathname.replace(/^\/sandboxnew(?=\/)/, '');
  const fields = req.method === 'GET' ? Object.fromEntries(url.searchParams) : readXml(raw.toString('utf8'));
  const peer = secure ? req.socket.getPeerCertificate() : undefined;
  const clientName = peer && peer.subject ? peer.subject.CN : null;
  const type = fields && fields.sign_type !== undefined ? fields.sign_type : 'MD5';
  const check = fields ? signCheck(fields, type) : 'not xml';
  recorded.push({
    method: req.method,
    path: url.pathname,
    query: url.search,
    secure,
    clientName,
    contentType: req.headers['content-type'] ?? null,
    accept: req.headers.accept ?? null,
    body: raw.toString('utf8'),
    fields,
    signType: type,
    signCheck: check,
  });
  if (!fields) return reply(res, 200, writeXml(fail('XML格式错误')));
  if (check !== 'ok') return reply(res, 200, writeXml(fail('签名错误')));

  const s = scenario;
  if (s.once !== false) scenario = { name: 'ok' };
  const ok = route(path, fields, secure, clientName);
  if (!ok) return reply(res, 404, '<html><body>404 Not Found</body></html>');
  if (ok.return_code !== 'SUCCESS') return reply(res, 200, writeXml(ok));

  switch (s.name) {
    case 'bad-sign': {
      const out = signed(ok, type);
      out.sign = `${out.sign.slice(0, -1)}${out.sign.endsWith('0') ? '1' : '0'}`;
      return reply(res, 200, writeXml(out));
    }
    case 'tamper':
      return reply(res, 200, writeXml({ ...signed(ok, type), total_fee: 100000 }));
    case 'no-sign':
      return reply(res, 200, writeXml(ok));
    case 'other-algorithm':
      return reply(res, 200, writeXml(signed(ok, type === 'MD5' ? 'HMAC-SHA256' : 'MD5')));
    case 'return-fail':
      return reply(res, 200, writeXml(fail('系统繁忙,请稍后再试')));
    case 'result-fail-unsigned':
      return reply(res, 200, writeXml({ ...ok, result_code: 'FAIL', err_code: 'ORDERPAID', err_code_des: '该订单已支付', ...(s.sign === undefined ? {} : { sign: s.sign }) }));
    case 'result-fail':
    case 'result-fail-forged': {
      const out = signed({ ...ok, result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '此交易订单号不存在' }, type);
      if (s.name === 'result-fail-forged') out.err_code = 'ORDERPAID';
      return reply(res, 200, writeXml(out));
    }
    case 'xxe':
      return reply(res, 200, `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file://${s.file}">]>\n<xml><return_code>SUCCESS</return_code><return_msg>&xxe;</return_msg></xml>`);
    case 'http-error':
      return reply(res, s.status ?? 500, writeXml({ return_code: 'FAIL', return_msg: 'SYSTEMERROR', err_code: 'SYSTEMERROR' }));
    default:
      return reply(res, 200, writeXml(UNSIGNED.has(path) ? ok : signed(ok, type)));
  }
}

function listener(secure) {
  return (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!secure && req.url === '/__control' && req.method === 'POST') {
        scenario = JSON.parse(raw.toString('utf8'));
        res.writeHead(204);
        return res.end();
      }
      if (!secure && req.url === '/__requests') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify(recorded.splice(0)));
      }
      answer(req, res, raw, secure);
    });
  };
}

const plain = http.createServer(listener(false));
const mutual = https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: true }, listener(true));
for (const server of [plain, mutual]) server.keepAliveTimeout = 2000;

Promise.all([plain, mutual].map((server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))))).then(
  ([httpPort, httpsPort]) => parentPort.postMessage({ httpPort, httpsPort }),
);

parentPort.on('message', (m) => {
  if (m !== 'close') return;
  for (const server of [plain, mutual]) server.closeAllConnections();
  Promise.all([plain, mutual].map((server) => new Promise((resolve) => server.close(resolve)))).then(() => process.exit(0));
});
