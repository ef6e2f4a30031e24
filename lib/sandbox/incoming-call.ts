/** A request as it arrived on the wire, before anything reads it: what every part of the sandbox answers. */
import type { IncomingHttpHeaders } from 'node:http';

export interface IncomingCall {
  readonly method: string;
  /** The request-target exactly as it arrived: raw path and query. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}
