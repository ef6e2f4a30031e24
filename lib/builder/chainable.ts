/**
 * The type of a chain node. Every string property is another node (the path goes on); the verbs, `chain`
 * and `getDriver` are the node's own. Typed endpoints refine this per path.
 */
import type { ClientDecorator } from '../client/client-decorator';
import type { VerbOptions } from '../client/options';
import type { Response } from '../message/response';

export interface ChainableVerbs {
  get(options?: VerbOptions): Response;
  post(options?: VerbOptions): Response;
  put(options?: VerbOptions): Response;
  patch(options?: VerbOptions): Response;
  delete(options?: VerbOptions): Response;
  getAsync(options?: VerbOptions): Promise<Response>;
  postAsync(options?: VerbOptions): Promise<Response>;
  putAsync(options?: VerbOptions): Promise<Response>;
  patchAsync(options?: VerbOptions): Promise<Response>;
  deleteAsync(options?: VerbOptions): Promise<Response>;
  /** Descends by a path or a segment: `chain('v3/pay/transactions/{transaction_id}')`. */
  chain(path: string): BuilderChainable;
  /** The client behind the chain: `getDriver().select()` is the APIv3 client, `select('v2')` the APIv2 one. */
  getDriver(): ClientDecorator;
  /** The URI template of this node. */
  readonly pathname: string;
  toString(): string;
  toJSON(): string;
}

export type BuilderChainable = ChainableVerbs & { readonly [segment: string]: BuilderChainable };
