/**
 * Every endpoint the package knows, described once. The sandbox validates requests against these
 * descriptions, the README's endpoint list is rendered from them, and the client's types can be
 * derived from them (they are `as const`: every path and field name is a literal type).
 */
import { overrides as endpoints } from './overrides/all';

export { endpoints };
export { individualContracts } from './overrides/individual-contracts';
export { combineTransactions } from './overrides/combine-transactions';
export { transactions } from './overrides/transactions';
export { refunds } from './overrides/refunds';
export { bills } from './overrides/bills';
export { certificates } from './overrides/certificates';
export { media, mediaFileRules, type MediaFileRule } from './overrides/media';

/** The union of all descriptions; narrow with `Extract<Endpoint, { path: '…' }>`. */
export type Endpoint = (typeof endpoints)[number];
/** `'GET v3/…'`-style keys of all described endpoints. */
export type EndpointKey = `${Endpoint['method']} ${Endpoint['path']}`;

export { errorCodes, commonErrors } from './error-codes';
export type { ErrorCode } from './error-codes';
export { describeEndpoints } from './describe';
export type * from './types';
export type * from './values';
export { allOperations, findOperation } from './operations';
