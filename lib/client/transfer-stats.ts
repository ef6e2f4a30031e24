/**
 * Guzzle's TransferStats, handed to a verb's `on_stats` callback once the exchange with the network ends,
 * whether a response came or not. Times are in seconds, as Guzzle reports them.
 */
import type { Request } from '../message/request';
import type { Response } from '../message/response';

export class TransferStats {
  readonly #request: Request;
  readonly #response: Response | undefined;
  readonly #seconds: number;
  readonly #error: unknown;

  constructor(request: Request, response: Response | undefined, transferTimeSeconds: number, error?: unknown) {
    this.#request = request;
    this.#response = response;
    this.#seconds = transferTimeSeconds;
    this.#error = error;
  }

  getRequest(): Request {
    return this.#request;
  }

  getResponse(): Response | null {
    return this.#response ?? null;
  }

  hasResponse(): boolean {
    return this.#response !== undefined;
  }

  getEffectiveUri(): URL {
    return this.#request.getUri();
  }

  /** Seconds from handing the request to the transport until the whole response (or the failure). */
  getTransferTime(): number {
    return this.#seconds;
  }

  /** Why no response came (the ConnectException), or null. */
  getHandlerErrorData(): unknown {
    return this.#error ?? null;
  }

  getHandlerStats(): Record<string, unknown> {
    return { total_time: this.#seconds, url: this.#request.uri.href, http_code: this.#response?.getStatusCode() ?? 0 };
  }

  getHandlerStat(name: string): unknown {
    return this.getHandlerStats()[name] ?? null;
  }
}
