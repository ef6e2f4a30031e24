/**
 * The ten verbs of a node whose path is described: the verbs of a described method take that endpoint's
 * options and answer its typed `Response`; the others stay loose (a method we have not described may
 * still exist, and PHP code ported as is must compile).
 */
import type { EndpointDescription } from '../../endpoints';
import type { Response } from '../../message/response';
import type { ChainableVerbs } from '../loose-node';
import type { AsyncVerb, SyncVerb } from '../reserved';
import type { DescriptionOf, EndpointOptions, EndpointResponse } from './endpoints';

/** `get` and `getAsync` → `GET`. */
type MethodOf<Verb extends SyncVerb | AsyncVerb> = Uppercase<Verb extends `${infer Sync}Async` ? Sync : Verb>;

/** The options argument, optional when nothing in it is required. */
type OptionsArgument<Options> = {} extends Options ? [options?: Options] : [options: Options];

type TypedVerb<E extends EndpointDescription, Verb extends SyncVerb | AsyncVerb> = Verb extends SyncVerb
  ? (...options: OptionsArgument<EndpointOptions<E>>) => Response<EndpointResponse<E>>
  : (...options: OptionsArgument<EndpointOptions<E>>) => Promise<Response<EndpointResponse<E>>>;

export type TypedVerbs<Path extends string> = {
  readonly [Verb in SyncVerb | AsyncVerb]: [DescriptionOf<Path, MethodOf<Verb>>] extends [never]
    ? ChainableVerbs[Verb]
    : TypedVerb<DescriptionOf<Path, MethodOf<Verb>>, Verb>;
};
