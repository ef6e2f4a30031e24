'use strict';
/**
 * A bill file server for the large-download specs, in its own process: it streams generated bills of any
 * size (so the test process's memory only shows the client's share), and the synchronous verbs, which block
 * the test's thread, can still reach it. Started by files-bill-server.ts; prints `{"port": n}` once listening.
 *
 *   GET /v3/billdownload/file?token=plain&size=N          N bytes, with Content-Length
 *   GET /v3/billdownload/file?token=gzip&size=N           the same N bytes gzip-compressed, chunked
 *   GET /v3/billdownload/file?token=cut&size=N&at=M       declares N bytes, sends M, then drops the connection
 *   GET /v3/billdownload/file?token=busy-once&size=N      503 on the first request of this token, then plain
 *   GET /v3/billdownload/file?token=gone                  404 with a WeChat Pay error body
 *   GET /v3/billdownload/file?token=corrupt               a gzip header followed by bytes that do not inflate
 *   GET /hits?token=T                                     how many file requests carried token T
 */
const http = require('node:http');
const { Readable, pipeline } = require('node:stream');
const { createGzip, constants } = require('node:zlib');

const BLOCK = 64 * 1024;
const ROW = '`2026-11-26 10:00:00,`wxd678efh567h23787,`1230000109,`0,`,`4200000000202611260000000000,`BILL20261126001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,`12.34,`0.00\r\n';
const TEMPLATE = Buffer.from(ROW.repeat(Math.ceil(BLOCK / ROW.length))).subarray(0, BLOCK);

/** Block `index` of every generated bill: the shared template with the block number stamped in front. */
function block(index, length) {
  const bytes = Buffer.from(TEMPLATE.subarray(0, length));
  bytes.write(String(index).padStart(10, '0'), 0, Math.min(10, length), 'latin1');
  return bytes;
}

/** The generated bill of `size` bytes, block by block (the spec digests the same blocks). */
function* billBlocks(size) {
  for (let at = 0, index = 0; at < size; at += BLOCK, index++) yield block(index, Math.min(BLOCK, size - at));
}

function serve() {
  const hits = new Map();
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const token = url.searchParams.get('token') ?? '';
    if (url.pathname === '/hits') {
      response.end(JSON.stringify({ hits: hits.get(url.searchParams.get('token')) ?? 0 }));
      return;
    }
    if (url.pathname !== '/v3/billdownload/file') {
      response.writeHead(404).end();
      return;
    }
    hits.set(token, (hits.get(token) ?? 0) + 1);
    const size = Number(url.searchParams.get('size') ?? 0);
    if (token === 'gone' || (token === 'busy-once' && hits.get(token) === 1)) {
      const status = token === 'gone' ? 404 : 503;
      const body = JSON.stringify(status === 404 ? { code: 'RESOURCE_NOT_EXISTS', message: '账单文件不存在' } : { code: 'SYSTEM_ERROR', message: '系统繁忙' });
      response.writeHead(status, { 'Content-Type': 'application/json', 'Retry-After': '0' }).end(body);
      return;
    }
    if (token === 'corrupt') {
      response.writeHead(200, { 'Content-Type': 'application/x-gzip' }).end(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(4096, 0xff)]));
      return;
    }
    if (token === 'gzip') {
      response.writeHead(200, { 'Content-Type': 'application/x-gzip' });
      pipeline(Readable.from(billBlocks(size)), createGzip({ level: constants.Z_BEST_SPEED }), response, () => {});
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(size) });
    if (token === 'cut') {
      response.write(Buffer.concat([...billBlocks(Number(url.searchParams.get('at')))]), () => setTimeout(() => request.socket.destroy(), 20));
      return;
    }
    pipeline(Readable.from(billBlocks(size)), response, () => {});
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
}

if (require.main === module) serve();

module.exports = { billBlocks };
