/**
 * What crosses from the stack to the network: plain data only, so the same value can be handed to
 * undici on this thread (promise verbs) or copied to the worker thread (synchronous verbs).
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { HeaderPairs, ReadonlyHeaderPairs } from '../message/headers';

export type { HeaderPairs, ReadonlyHeaderPairs };

/** Client-certificate material for mutual TLS (APIv2 `security: true`). PEM text or bytes. */
export interface TlsClientCertificate {
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  pfx?: Uint8Array;
  passphrase?: string;
}

/**
 * The parts of a connection pool that can be described as data, so the sync worker can build an
 * equivalent `undici.Agent` of its own. One per client (and one more per distinct mTLS identity).
 */
export interface AgentOptions {
  /** Milliseconds to establish the TCP/TLS connection. */
  connectTimeoutMs?: number;
  /** Keep-alive of idle sockets, in milliseconds. */
  keepAliveTimeoutMs?: number;
  /** Extra trusted CA certificates (PEM), e.g. a sandbox served over HTTPS. */
  ca?: string | string[];
  /** Client certificate for mutual TLS. */
  tls?: TlsClientCertificate;
  /** Whether to verify the server's certificate (default true). */
  rejectUnauthorized?: boolean;
  /** Offer HTTP/2 (Guzzle's `version: '2.0'`). */
  allowH2?: boolean;
  /** HTTP(S) proxy URL for every request. */
  proxy?: string;
  /**
   * Proxies read from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`) by the calling thread, so the
   * sync worker uses the same values whatever its own environment. Ignored when `proxy` is set.
   */
  environmentProxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

/** Body of a wire request: bytes, nothing, or (promise verbs only) a stream. */
export type WireBody = Uint8Array | Readable | null;

export interface WireRequest {
  method: string;
  /** Absolute URL, already percent-encoded. */
  url: string;
  headers: ReadonlyHeaderPairs;
  body: WireBody;
  /** Whole exchange, milliseconds (0 = no limit). */
  timeoutMs: number;
  /** From the request written to the status line and headers, milliseconds (absent or 0 = only `timeoutMs`). */
  headersTimeoutMs?: number;
  /** Longest wait for each read, headers then every body chunk, milliseconds (Guzzle's `read_timeout`; absent or 0 = none). */
  readTimeoutMs?: number;
  /** Largest response body accepted, bytes. */
  maxResponseBytes: number;
}

/**
 * What comes back from the network, whichever thread did the exchange: the one response shape of
 * transport/. `exchange()` gives plain bytes; the transports hand on a Buffer over the same memory.
 */
export interface WireResponse<Body extends Uint8Array = Uint8Array> {
  status: number;
  statusText: string;
  headers: HeaderPairs;
  /**
   * The body. From the worker it owns its whole ArrayBuffer (so it was transferred, not copied) and is a
   * plain Uint8Array; empty when a 2xx body went into the request's sink.
   */
  body: Body;
  /** Set when a 2xx body was written into the request's sink instead: how many bytes it received. */
  streamedBytes?: number;
  /** With `streamedBytes`: SHA-256 of `Wechatpay-Timestamp\nWechatpay-Nonce\n` + those bytes + `\n`, what the signature covers. */
  streamedDigest?: Uint8Array;
}

/** A failure before any response arrived, as plain data (rebuilt into ConnectException by the caller). */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  cause?: WireError;
}

/** Where the promise verbs send their requests: a pool, or any undici Dispatcher the user gives. */
export interface AsyncTransportOptions {
  agent: AgentOptions;
  dispatcher?: Dispatcher;
}
