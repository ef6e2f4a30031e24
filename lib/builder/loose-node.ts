/**
 * The untyped chain node, as PHP's `BuilderChainable`: every string property is another node, the verbs
 * take any options and answer `Response<unknown>`. The typed nodes of chainable.ts refine it; typed/
 * reads it without reading them, so the two never import each other.
 */
import type { ClientDecorator } from '../client/client-decorator';
import type { VerbOptions } from '../client/options';
import type { Response } from '../message/response';
import type { GuzzlePromise } from '../stack/guzzle-promise';

export interface ChainableVerbs {
  get(options?: VerbOptions): Response;
  post(options?: VerbOptions): Response;
  put(options?: VerbOptions): Response;
  patch(options?: VerbOptions): Response;
  delete(options?: VerbOptions): Response;
  getAsync(options?: VerbOptions): GuzzlePromise<Response>;
  postAsync(options?: VerbOptions): GuzzlePromise<Response>;
  putAsync(options?: VerbOptions): GuzzlePromise<Response>;
  patchAsync(options?: VerbOptions): GuzzlePromise<Response>;
  deleteAsync(options?: VerbOptions): GuzzlePromise<Response>;
  /** Descends by a path or a segment: `chain('v3/pay/transactions/{transaction_id}')`. */
  chain(path: string): BuilderChainable;
  /** The client behind the chain: `getDriver().select()` is the APIv3 client, `select('v2')` the APIv2 one. */
  getDriver(): ClientDecorator;
  /** The URI template of this node. */
  readonly pathname: string;
  toString(): string;
  toJSON(): string;
}

export type BuilderChainable = ChainableVerbs & AnySegment;

/**
 * Any other key is another node: the fallback of every node, typed or not. An interface, not a type
 * literal alias: its reference back to `BuilderChainable` must resolve lazily, whichever is read first.
 */
export interface AnySegment {
  readonly [segment: string]: BuilderChainable;
}
