/**
 * The ten verbs of a node whose template is catalogued: the verbs of a described method take that
 * operation's options and answer its typed `Response`; the others stay loose (a method the catalogue
 * lacks may still exist, and PHP code ported as is must compile).
 */
import type { Response } from '../../message/response';
import type { GuzzlePromise } from '../../stack/guzzle-promise';
import type { ChainableVerbs } from '../loose-node';
import type { AsyncVerb, SyncVerb } from '../reserved';
import type { EndpointOptions, EndpointResponse, OperationShape } from './endpoints';

/** `get` and `getAsync` → `GET`. */
type MethodOf<Verb extends SyncVerb | AsyncVerb> = Uppercase<Verb extends `${infer Sync}Async` ? Sync : Verb>;

/** The options argument, optional when nothing in it is required. */
type OptionsArgument<Options> = {} extends Options ? [options?: Options] : [options: Options];

type TypedVerb<O extends OperationShape, Verb extends SyncVerb | AsyncVerb> = Verb extends SyncVerb
  ? (...options: OptionsArgument<EndpointOptions<O>>) => Response<EndpointResponse<O>>
  : (...options: OptionsArgument<EndpointOptions<O>>) => GuzzlePromise<Response<EndpointResponse<O>>>;

/** The verbs of a node whose operations (by method) are `Methods`. */
export type TypedVerbs<Methods> = {
  readonly [Verb in SyncVerb | AsyncVerb]: MethodOf<Verb> extends keyof Methods
    ? Methods[MethodOf<Verb>] extends infer O extends OperationShape
      ? TypedVerb<O, Verb>
      : ChainableVerbs[Verb]
    : ChainableVerbs[Verb];
};
