/**
 * The exchanges the sandbox answered, newest last, bounded: each request and response as they went on
 * the wire (secrets masked, bodies cut at 64 KiB), with the signature verdict and the doctor's report.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SignatureDiagnosis } from '../doctor';
import { maskedHeaders } from './mask';

export type Verdict = 'valid' | 'refused' | 'unsigned' | 'unchecked';

export interface ShownBody {
  readonly length: number;
  /** UTF-8 text, or `undefined` for binary bytes (media uploads, gzip bills). */
  readonly text?: string;
  readonly truncated: boolean;
}

export interface ExchangeSummary {
  readonly id: number;
  readonly at: number;
  readonly method: string;
  readonly target: string;
  readonly path: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly verdict: Verdict;
  /** The doctor's one-line fault, for refused signatures. */
  readonly fault?: string;
}

export interface Exchange extends ExchangeSummary {
  readonly request: { readonly headers: Record<string, string>; readonly body: ShownBody };
  readonly response: { readonly headers: Record<string, string>; readonly body: ShownBody };
  readonly diagnosis?: SignatureDiagnosis;
}

export interface ExchangeInput {
  readonly method: string;
  readonly target: string;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: Buffer;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly responseBody: Buffer;
  readonly latencyMs: number;
  readonly verdict: Verdict;
  readonly diagnosis?: SignatureDiagnosis;
}

const BODY_LIMIT = 64 * 1024;

export class ExchangeLog {
  readonly #entries: Exchange[] = [];
  #nextId = 1;

  constructor(private readonly capacity = 500) {}

  add(input: ExchangeInput): Exchange {
    const exchange: Exchange = {
      id: this.#nextId++,
      at: Date.now(),
      method: input.method,
      target: input.target,
      path: input.target.split('?')[0]!,
      status: input.status,
      latencyMs: Math.round(input.latencyMs * 100) / 100,
      verdict: input.verdict,
      ...(input.diagnosis ? { fault: input.diagnosis.fault, diagnosis: input.diagnosis } : {}),
      request: { headers: maskedHeaders(input.requestHeaders), body: shown(input.requestBody) },
      response: { headers: maskedHeaders({ ...input.responseHeaders, 'Content-Length': String(input.responseBody.length) }), body: shown(input.responseBody) },
    };
    this.#entries.push(exchange);
    if (this.#entries.length > this.capacity) this.#entries.shift();
    return exchange;
  }

  summaries(): ExchangeSummary[] {
    return this.#entries.map(summaryOf);
  }

  find(id: number): Exchange | undefined {
    return this.#entries.find((exchange) => exchange.id === id);
  }
}

export function summaryOf({ id, at, method, target, path, status, latencyMs, verdict, fault }: Exchange): ExchangeSummary {
  return { id, at, method, target, path, status, latencyMs, verdict, ...(fault === undefined ? {} : { fault }) };
}

function shown(bytes: Buffer): ShownBody {
  const head = bytes.subarray(0, BODY_LIMIT);
  const text = head.toString('utf8');
  const binary = text.includes('\uFFFD') || /[\x00-\x08\x0E-\x1F]/.test(text);
  return { length: bytes.length, truncated: bytes.length > BODY_LIMIT, ...(binary ? {} : { text }) };
}
