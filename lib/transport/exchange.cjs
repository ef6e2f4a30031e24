'use strict';
/**
 * The only code that touches the network. Plain CommonJS on purpose: the sync bridge loads it inside a
 * worker thread, where neither ts-jest nor tsx transform TypeScript. The promise verbs call the very same
 * `exchange()` on their own thread, so the two verb kinds cannot drift apart.
 *
 * Nothing here knows about keys, signatures or our error classes: in go plain bytes, out come plain bytes
 * or a plain `WireError`.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { EventEmitter } = require('node:events');
const { Readable, Transform } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { ErrorCode } = require('../errors/codes.cjs');

/**
 * The parts of undici we use, each loaded when first needed: importing the SDK must not pay for undici, and
 * its main entry also loads fetch, WebSocket, the cache and mock layers we never call, about two thirds of
 * its load time (some 90 ms of a cold start here). The modules are undici's own CommonJS files at the exact
 * version package.json pins; `request` is the function its main entry installs as `Dispatcher#request`.
 * The sync worker loads `Agent` and `request` as it starts, so a missing undici is reported there at once.
 */
const UNDICI_PARTS = {
  Agent: () => require('undici/lib/dispatcher/agent'),
  request: () => require('undici/lib/api/api-request'),
  // A proxy tunnels with `Dispatcher#connect`, which only the main entry installs: proxies load all of undici.
  ProxyAgent: () => require('undici').ProxyAgent,
  EnvHttpProxyAgent: () => require('undici').EnvHttpProxyAgent,
};
const loadedUndici = {};
const undiciParts = {};
for (const [name, load] of Object.entries(UNDICI_PARTS)) {
  Object.defineProperty(undiciParts, name, { enumerable: true, get: () => (loadedUndici[name] ??= load()) });
}
function undici() {
  return undiciParts;
}

/** Loads what every exchange needs now, off anyone's path (the sync worker, as it starts). */
function preloadUndici() {
  return [undiciParts.Agent, undiciParts.request];
}

const TIMEOUT = ErrorCode.TIMEOUT;
const HEADERS_TIMEOUT = ErrorCode.HEADERS_TIMEOUT;
const TOO_LARGE = ErrorCode.RESPONSE_TOO_LARGE;
/** A 2xx body broke off after it started into the sink. Deliberately in no retry list: the sink holds part of it. */
const STREAM_INTERRUPTED = ErrorCode.STREAM_INTERRUPTED;
/** How much later than our own timers undici's run when they only back ours up. */
const BACKSTOP_MARGIN_MS = 1_000;
/** The sink itself failed (a file that cannot be created or written, a Writable that errored). */
const SINK_FAILED = ErrorCode.SINK_FAILED;
/** A Writable sink may listen here for the answer's status and headers, before its first byte. */
const SINK_HEAD = Symbol.for('wechatpay-ts.sink-head');
/** Marks a `Readable` whose bytes can also be described as data (buffers and file ranges). */
const PARTS = Symbol.for('wechatpay-ts.body-parts');

/** An Error with a `code`, the shape undici and Node use. */
function codedError(message, code, cause) {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.code = code;
  return error;
}

/** Yields the bytes of each part in order; files are read in chunks, never whole. */
async function* streamParts(parts) {
  for (const part of parts) {
    if (part instanceof Uint8Array) {
      if (part.byteLength > 0) yield part;
      continue;
    }
    yield* fs.createReadStream(part.file, { start: part.start, end: part.end });
  }
}

/** A Readable over parts, carrying the parts themselves so the sync bridge can ship them as data. */
function partsBody(parts) {
  const list = Array.from(parts, checkPart);
  const stream = Readable.from(streamParts(list), { objectMode: false });
  Object.defineProperty(stream, PARTS, { value: Object.freeze(list), enumerable: false });
  return stream;
}

/** Parts are checked by the TypeScript caller (parts-body.ts); here they are only made self-contained. */
function checkPart(part) {
  if (part instanceof Uint8Array) return part;
  // Absolute now, so a later chdir cannot change which file is sent.
  return { file: path.resolve(part.file), start: part.start, end: part.end };
}

/** The parts behind a body made by `partsBody()`, or undefined. */
function partsOf(body) {
  return body !== null && typeof body === 'object' && Array.isArray(body[PARTS]) ? body[PARTS] : undefined;
}

/** What undici can send: bytes and streams as they are; a parts description (from the sync bridge) streamed. */
function toUndiciBody(body) {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string' || body instanceof Uint8Array || typeof body.pipe === 'function') return body;
  if (Array.isArray(body.parts)) return Readable.from(streamParts(body.parts), { objectMode: false });
  throw new TypeError('unsupported request body');
}

/**
 * undici refuses an `Expect` header (it sends the body without waiting on HTTP/1.1 anyway, which RFC 9110
 * allows), so drop it here rather than fail a request Guzzle-style code may build.
 */
function splitHeaders(pairs) {
  const flat = [];
  let expectContinue = false;
  for (const [name, value] of pairs) {
    if (name.length === 6 && name.toLowerCase() === 'expect') {
      expectContinue = /100-continue/i.test(value);
      continue;
    }
    flat.push(name, value);
  }
  return { flat, expectContinue };
}

/** `[name, value, name, value, …]` (undici's raw form, wire order; Buffers or strings) → pairs of strings. */
function pairUp(raw) {
  const pairs = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    // Decoded as undici decodes them: names as UTF-8, values as Latin-1 (bytes kept one to one).
    pairs.push([typeof name === 'string' ? name : name.toString(), typeof value === 'string' ? value : value.toString('latin1')]);
  }
  return pairs;
}

/** The first value of `name` (lower case) in header pairs; names of another length are skipped without lower-casing. */
function headerValue(pairs, name) {
  for (const [key, value] of pairs) if (key.length === name.length && key.toLowerCase() === name) return value;
  return undefined;
}

function tooLarge(limit) {
  return codedError(`response body exceeds the limit of ${limit} bytes (maxResponseBytes)`, TOO_LARGE);
}

/** A body kept in memory: its chunks, within `limit` bytes (0: none). `add` throws once the limit is passed. */
class BodyCollector {
  chunks = [];
  total = 0;

  constructor(limit) {
    this.limit = limit;
  }

  add(chunk) {
    this.total += chunk.byteLength;
    if (this.limit > 0 && this.total > this.limit) throw tooLarge(this.limit);
    this.chunks.push(chunk);
  }

  /** The whole body. `sameThread`: it is read on this thread, so a body that came in one chunk is that chunk. */
  bytes(sameThread = false) {
    return sameThread && this.chunks.length === 1 ? this.chunks[0] : ownBytes(this.chunks, this.total);
  }
}

/** Refuses, before reading it, a body declared larger than `limit`; a HEAD response declares the length of a body it does not carry. */
function checkDeclaredLength(headers, isHead, limit) {
  const declared = isHead ? -1 : Number(headerValue(headers, 'content-length') ?? -1);
  if (limit > 0 && declared > limit) throw tooLarge(limit);
}

/** Reads a Readable body whole (an answer that did not go into a sink). */
function readBody(body, limit) {
  return new Promise((resolve, reject) => {
    const collected = new BodyCollector(limit);
    body.on('data', (chunk) => {
      try {
        collected.add(chunk);
      } catch (error) {
        body.destroy(); // closes the connection; the stream's own abort error is of no interest (listener below)
        reject(error);
      }
    });
    body.on('error', reject);
    body.once('end', () => resolve(collected.bytes()));
  });
}

/**
 * Sends one request without a sink and gathers the whole answer. Nothing streams, so this talks to the
 * dispatcher through undici's core handler interface: no request resource, no Readable, no second parse
 * of the headers, no abort emitter; the chunks go straight into a list. (With a sink, undici's request API
 * and its Readable give the pipeline its backpressure.) One promise per exchange: the timers are set and
 * cleared here, and a timer that fires aborts the request through the handler itself. Rejects with the
 * dispatcher's error, or with the timer's coded error; a throw inside a handler method makes undici abort
 * the request with it.
 */
function gather(dispatcher, options, limits, how) {
  return new Promise((resolve, reject) => {
    const gathering = new Gathering(resolve, reject, limits, options.method.toUpperCase() === 'HEAD', how);
    try {
      dispatcher.dispatch(options, gathering);
    } catch (error) {
      gathering.onError(error); // a hand-written dispatcher may throw instead of calling onError
    }
  });
}

/** undici's handler for `gather`: one object per exchange, its state in fields, no closure per request. */
class Gathering {
  abortRequest = undefined;
  aborted = undefined;
  answer = undefined;

  constructor(resolve, reject, { timeoutMs, headersTimeoutMs, maxResponseBytes, sameThread }, isHead, { onAnswer, onFailure }) {
    this.resolve = resolve;
    this.reject = reject;
    this.onAnswer = onAnswer;
    this.onFailure = onFailure;
    this.maxResponseBytes = maxResponseBytes;
    this.sameThread = sameThread;
    this.isHead = isHead;
    this.collected = new BodyCollector(maxResponseBytes);
    this.timers = new ExchangeTimers(timeoutMs, headersTimeoutMs, this);
  }

  /** Called by a timer that fires. */
  abort(reason) {
    if (this.aborted !== undefined) return;
    this.aborted = reason;
    this.abortRequest?.(reason); // before onConnect, onConnect sees it
  }

  onConnect(abortThis) {
    this.abortRequest = abortThis;
    if (this.aborted !== undefined) abortThis(this.aborted);
  }

  onHeaders(status, rawHeaders, _resume, statusText) {
    if (status < 200) return true; // 1xx: the answer is still to come
    this.timers.headersIn();
    // The answer itself, its body added once complete: one object per exchange.
    const headers = pairUp(rawHeaders);
    this.answer = { status, statusText: statusText ?? '', headers, body: undefined };
    checkDeclaredLength(headers, this.isHead, this.maxResponseBytes);
    return true;
  }

  onData(chunk) {
    this.collected.add(chunk);
    return true;
  }

  onComplete() {
    this.timers.clear();
    const answer = this.answer;
    // undici hands each chunk over for good, so one kept as it is stays intact.
    answer.body = this.collected.bytes(this.sameThread);
    if (this.onAnswer === undefined) this.resolve(answer);
    else this.settleWith(this.onAnswer, answer);
  }

  onError(error) {
    this.timers.clear();
    // An abort surfaces as undici's AbortError or as the reason itself; report the reason, it says why.
    const reason = this.aborted ?? error;
    if (this.onFailure === undefined) this.reject(reason);
    else this.settleWith(this.onFailure, reason);
  }

  /** Settles with what the caller's `onAnswer`/`onFailure` makes of the outcome, as `then()` would. */
  settleWith(fn, outcome) {
    try {
      this.resolve(fn(outcome));
    } catch (error) {
      this.reject(error);
    }
  }
}

/** The chunks as one Uint8Array over its own memory. Never Buffer.concat: small chunks live in Node's shared pool, which a transfer would detach. */
function ownBytes(chunks, total) {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Whether this answer's body goes into the request's sink: only a 2xx with a body, so HTTP errors keep theirs. */
function streamsToSink(wire, status) {
  return wire.sink !== undefined && wire.sink !== null && status >= 200 && status < 300 && wire.method.toUpperCase() !== 'HEAD';
}

/**
 * Pipes the body into the sink (a file created here, or a Writable), with backpressure and no size cap;
 * resolves with the byte count. Either side failing is one coded error, so the caller can tell a broken
 * download (`STREAM_INTERRUPTED`) from a broken sink (`SINK_FAILED`, `cause` is the sink's own error).
 */
async function drainInto(body, sink, head, signal) {
  let failedSide;
  let bytes = 0;
  // The bytes never stay in memory, so the response's verification string (`timestamp\nnonce\nbody\n`) is
  // hashed on the way: the verifier checks the signature over this digest of exactly the bytes written.
  const digest = crypto.createHash('sha256');
  digest.update(`${headerValue(head.headers, 'wechatpay-timestamp') ?? ''}\n${headerValue(head.headers, 'wechatpay-nonce') ?? ''}\n`);
  const counter = new Transform({
    transform(chunk, _encoding, done) {
      bytes += chunk.byteLength;
      digest.update(chunk);
      done(null, chunk);
    },
  });
  body.once('error', () => (failedSide ??= 'source'));
  try {
    const target = typeof sink.file === 'string' ? fs.createWriteStream(sink.file, { flags: 'wx' }) : sink;
    target.once('error', () => (failedSide ??= 'sink'));
    if (typeof target[SINK_HEAD] === 'function') target[SINK_HEAD](head);
    await pipeline(body, counter, target);
    return { bytes, digest: new Uint8Array(digest.update('\n').digest()) };
  } catch (error) {
    if (failedSide !== 'source' && !signal.aborted) {
      // pipeline() has destroyed the body too, which closes the connection.
      throw codedError(`the response body could not be written to the sink: ${messageOf(error)}`, SINK_FAILED, error);
    }
    const cause = signal.aborted ? signal.reason : error;
    throw codedError(`the response broke off after ${bytes} bytes went into the sink, which is not written twice: ${messageOf(cause)}`, STREAM_INTERRUPTED, cause);
  }
}

function messageOf(error) {
  return error !== null && typeof error === 'object' && typeof error.message === 'string' ? error.message : String(error);
}

/**
 * What aborts an exchange when one of our timers fires. undici takes an EventEmitter as a `signal` as well
 * as an AbortSignal, and reads `reason` from it; an AbortController costs some 15–20 µs per request once
 * undici adds its listener (Node tracks every AbortSignal listener for garbage collection), an emitter 1 µs.
 */
class ExchangeAbort extends EventEmitter {
  aborted = false;
  reason = undefined;

  abort(reason) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/**
 * One HTTP exchange. Resolves with the whole response (any status: HTTP errors are the caller's business),
 * rejects when no complete response arrived. `timeoutMs` bounds the whole exchange, body included. With a
 * `sink`, a 2xx body is piped there instead and the response says how many bytes it received. The body
 * owns its memory, so it can be transferred to another thread, unless `sameThread` says it stays here.
 */
function exchange(wire, dispatcher, how = PLAIN) {
  try {
    return startExchange(wire, dispatcher, how);
  } catch (error) {
    return settledBy(Promise.reject(error), how); // a request that cannot even be described rejects, as every other failure
  }
}

/**
 * How the caller takes the outcome: `sameThread` (see above), and `onAnswer`/`onFailure`, which the exchange's
 * promise settles with as `.then(onAnswer, onFailure)` would, but called as the answer completes: one promise
 * and one turn of the microtask queue fewer per request.
 */
const PLAIN = Object.freeze({ sameThread: false, onAnswer: undefined, onFailure: undefined });

function settledBy(promise, { onAnswer, onFailure }) {
  return onAnswer === undefined && onFailure === undefined ? promise : promise.then(onAnswer, onFailure);
}

function startExchange(wire, dispatcher, how) {
  const sameThread = how.sameThread === true;
  const { flat, expectContinue } = splitHeaders(wire.headers);
  const timeoutMs = wire.timeoutMs > 0 ? wire.timeoutMs : 0;
  const headersTimeoutMs = firstByteTimeout(wire.headersTimeoutMs, timeoutMs);
  const readTimeoutMs = wire.readTimeoutMs > 0 ? wire.readTimeoutMs : 0;
  const { origin, path: requestPath } = originAndPath(wire.url);
  const options = {
    origin,
    path: requestPath,
    method: wire.method,
    headers: flat,
    body: toUndiciBody(wire.body),
    expectContinue,
    // 0 switches undici's own timers off, as asked. A read limit (Guzzle's read_timeout) bounds each wait:
    // for the headers, then between body chunks. Otherwise undici's timers only back up ours, so they are
    // set a second later: its coarse clock can fire early and must never win the race to the same limit.
    headersTimeout: readLimit(readTimeoutMs, headersTimeoutMs),
    bodyTimeout: readLimit(readTimeoutMs, timeoutMs),
  };
  if (wire.sink === undefined || wire.sink === null) return gather(dispatcher, options, { timeoutMs, headersTimeoutMs, maxResponseBytes: wire.maxResponseBytes, sameThread }, how);
  return settledBy(exchangeIntoSink(wire, dispatcher, options, timeoutMs, headersTimeoutMs), how);
}

/** `exchange()` with a sink: undici's request API, whose Readable gives the pipeline its backpressure. */
async function exchangeIntoSink(wire, dispatcher, options, timeoutMs, headersTimeoutMs) {
  const signal = new ExchangeAbort();
  const timers = new ExchangeTimers(timeoutMs, headersTimeoutMs, signal);
  try {
    // undici's `request(url, { dispatcher })` minus its URL parsing: the same API function, called on any
    // object with a `dispatch()` (an Agent, a user's MockAgent or hand-written dispatcher).
    const response = await undici().request.call(dispatcher, { ...options, responseHeaders: 'raw', signal });
    timers.headersIn();
    const headers = pairUp(response.headers);
    if (streamsToSink(wire, response.statusCode)) {
      const head = { status: response.statusCode, headers };
      const drained = await drainInto(response.body, wire.sink, head, signal);
      return { status: response.statusCode, statusText: response.statusText ?? '', headers, body: new Uint8Array(0), streamedBytes: drained.bytes, streamedDigest: drained.digest };
    }
    try {
      checkDeclaredLength(headers, wire.method.toUpperCase() === 'HEAD', wire.maxResponseBytes);
    } catch (error) {
      // Not read, so close the connection; the stream's own abort error is of no interest to anyone.
      response.body.on('error', () => {});
      response.body.destroy();
      throw error;
    }
    const body = await readBody(response.body, wire.maxResponseBytes);
    return { status: response.statusCode, statusText: response.statusText ?? '', headers, body };
  } catch (error) {
    // A sink's failure already names its cause (an abort included) and must keep its code.
    if (error !== null && typeof error === 'object' && (error.code === STREAM_INTERRUPTED || error.code === SINK_FAILED)) throw error;
    // An abort surfaces as undici's AbortError or as the reason itself; report the reason, it says why.
    throw signal.aborted ? signal.reason : error;
  } finally {
    timers.clear();
  }
}

/**
 * `origin` and `path` (with the query) of an absolute URL, what a dispatcher takes. The URL comes from
 * `URL.href`, already parsed and normalised, so cutting it at the first `/` after the host is exact and
 * spares undici a second parse; anything else (user info, no path, another scheme) is parsed here.
 */
function originAndPath(url) {
  // The origin of the previous request, when this URL has it too (a client's requests nearly all do): no check
  // to repeat, and the very same string goes to the pool, whose lookup by origin then finds its hash computed.
  const known = knownOrigin;
  if (known !== '' && url.charCodeAt(known.length) === SLASH && url.startsWith(known)) return { origin: known, path: pathFrom(url, known.length) };
  const authority = url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : -1;
  const slash = authority === -1 ? -1 : url.indexOf('/', authority);
  const plain = slash !== -1 && !/[@?#\\]/.test(url.slice(authority, slash));
  if (!plain) {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: parsed.pathname + parsed.search };
  }
  knownOrigin = url.slice(0, slash);
  return { origin: knownOrigin, path: pathFrom(url, slash) };
}

/** The last origin `originAndPath` found plain (no user info, `http(s)://host[:port]`), or ''. */
let knownOrigin = '';
const SLASH = 0x2f;

/** The URL from `slash` on, without its fragment. */
function pathFrom(url, slash) {
  const hash = url.indexOf('#', slash);
  return hash === -1 ? url.slice(slash) : url.slice(slash, hash);
}

/**
 * Our own timers of one exchange, each calling `target.abort(reason)` when it fires: the whole exchange, and
 * the first byte when that limit differs (undici's own headers timer ticks in ~0.5 s steps, so a first-byte
 * limit of its own gets a precise timer). `headersIn()` once the status line is in; `clear()` at the end.
 */
class ExchangeTimers {
  constructor(timeoutMs, headersTimeoutMs, target) {
    this.whole = timeoutMs > 0 ? setTimeout(wholeTimedOut, timeoutMs, target, timeoutMs) : undefined;
    this.firstByte = headersTimeoutMs > 0 && headersTimeoutMs !== timeoutMs ? setTimeout(headersTimedOut, headersTimeoutMs, target, headersTimeoutMs) : undefined;
  }

  headersIn() {
    if (this.firstByte !== undefined) clearTimeout(this.firstByte);
    this.firstByte = undefined;
  }

  clear() {
    if (this.whole !== undefined) clearTimeout(this.whole);
    if (this.firstByte !== undefined) clearTimeout(this.firstByte);
  }
}

function wholeTimedOut(target, timeoutMs) {
  target.abort(codedError(`no complete response within ${timeoutMs} ms`, TIMEOUT));
}

function headersTimedOut(target, headersTimeoutMs) {
  target.abort(codedError(`no response headers within ${headersTimeoutMs} ms`, HEADERS_TIMEOUT));
}

/** The first-byte limit: its own when set (never beyond the whole-exchange one), else the whole-exchange one. */
function firstByteTimeout(headersTimeoutMs, timeoutMs) {
  if (!(headersTimeoutMs > 0)) return timeoutMs;
  return timeoutMs > 0 ? Math.min(headersTimeoutMs, timeoutMs) : headersTimeoutMs;
}

/** How long undici may wait for the next bytes: the read limit when it is the shorter, else a backstop to ours. */
function readLimit(readTimeoutMs, ownTimeoutMs) {
  if (readTimeoutMs > 0 && !(ownTimeoutMs > 0 && ownTimeoutMs <= readTimeoutMs)) return readTimeoutMs;
  return ownTimeoutMs > 0 ? ownTimeoutMs + BACKSTOP_MARGIN_MS : 0;
}

/** PEM text stays text; bytes become a Buffer (bytes that crossed a thread arrive as plain Uint8Arrays). */
function tlsMaterial(value) {
  return typeof value === 'string' ? value : Buffer.from(value);
}

/** The TLS settings of an `AgentOptions`, in the form Node's `tls.connect` takes. */
function tlsOptions(options) {
  const tls = {};
  if (options.ca !== undefined) tls.ca = Array.isArray(options.ca) ? options.ca.map(tlsMaterial) : tlsMaterial(options.ca);
  if (options.rejectUnauthorized !== undefined) tls.rejectUnauthorized = options.rejectUnauthorized;
  const client = options.tls;
  if (client) {
    if (client.cert !== undefined) tls.cert = tlsMaterial(client.cert);
    if (client.key !== undefined) tls.key = tlsMaterial(client.key);
    if (client.pfx !== undefined) tls.pfx = Buffer.from(client.pfx);
    if (client.passphrase !== undefined) tls.passphrase = client.passphrase;
  }
  return tls;
}

/** A keep-alive pool built from plain options: the same settings on either thread. */
function createAgent(options = {}) {
  const tls = tlsOptions(options);
  const timeout = options.connectTimeoutMs;
  const pool = {
    ...(options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
    ...(options.allowH2 ? { allowH2: true } : {}),
  };
  if (options.proxy) {
    return new (undici().ProxyAgent)({
      uri: options.proxy,
      ...pool,
      requestTls: { ...tls, ...(timeout === undefined ? {} : { timeout }) },
      proxyTls: timeout === undefined ? {} : { timeout },
    });
  }
  const connect = { ...tls, ...(timeout === undefined ? {} : { timeout }) };
  const fromEnvironment = options.environmentProxy;
  if (fromEnvironment && (fromEnvironment.httpProxy || fromEnvironment.httpsProxy)) {
    // Given explicitly (read on the calling thread), so undici never falls back to this thread's own environment.
    return new (undici().EnvHttpProxyAgent)({
      ...pool,
      connect,
      requestTls: connect,
      proxyTls: timeout === undefined ? {} : { timeout },
      httpProxy: fromEnvironment.httpProxy ?? '',
      httpsProxy: fromEnvironment.httpsProxy ?? fromEnvironment.httpProxy ?? '',
      noProxy: fromEnvironment.noProxy ?? '',
    });
  }
  return new (undici().Agent)({ ...pool, connect });
}

/** Any thrown value → `{name, message, code, cause}`, plain data that survives a structured clone intact. */
function toWireError(error, depth = 0) {
  if (error === null || typeof error !== 'object') {
    return { name: 'Error', message: String(error) };
  }
  const wire = {
    name: typeof error.name === 'string' ? error.name : 'Error',
    message: typeof error.message === 'string' ? error.message : String(error),
  };
  if (typeof error.code === 'string') wire.code = error.code;
  if (error.cause !== undefined && depth < 4) {
    const cause = toWireError(error.cause, depth + 1);
    wire.cause = cause;
    // undici wraps socket failures (`fetch failed`-style); the root code is the useful one.
    if (wire.code === undefined && cause.code !== undefined) wire.code = cause.code;
  }
  // AggregateError (e.g. both IPv4 and IPv6 refused): keep the first inner error as the cause.
  if (wire.cause === undefined && Array.isArray(error.errors) && error.errors.length > 0 && depth < 4) {
    wire.cause = toWireError(error.errors[0], depth + 1);
    if (wire.code === undefined && wire.cause.code !== undefined) wire.code = wire.cause.code;
  }
  if (wire.message === '' && wire.cause !== undefined) wire.message = wire.cause.message;
  return wire;
}

module.exports = {
  undici,
  preloadUndici,
  exchange,
  createAgent,
  toWireError,
  partsBody,
  partsOf,
  streamParts,
  TIMEOUT,
  HEADERS_TIMEOUT,
  TOO_LARGE,
  STREAM_INTERRUPTED,
  SINK_FAILED,
  SINK_HEAD,
};
