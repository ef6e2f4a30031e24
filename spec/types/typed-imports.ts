/** The names the type tests use (from the package root once lib/index.ts exports them; see the report of issue 8). */
export type { BuilderChainable, ChainRoot, Chainable } from '../../lib/builder/chainable';
export type { Endpoints, EndpointPath } from '../../lib/builder/typed/endpoints';
export type { GuzzlePromise, Response } from '../../lib';
