/**
 * Every implemented endpoint. To add one (media uploads are next): describe it in
 * `lib/endpoints/`, write its handler with `route()` in a file here, and list it below; the
 * server's checks (signature, validation, mchid) apply without further wiring.
 */
import { billRoutes } from './bills';
import { certificateRoutes } from './certificates';
import { combineTransactionRoutes } from './combine-transactions';
import { individualContractRoutes } from './individual-contracts';
import { mediaRoutes } from './media';
import { refundRoutes } from './refunds';
import type { Route } from './route';
import { transactionRoutes } from './transactions';

export const routes: readonly Route[] = [
  ...individualContractRoutes,
  ...combineTransactionRoutes,
  ...transactionRoutes,
  ...refundRoutes,
  ...billRoutes,
  ...certificateRoutes,
  ...mediaRoutes,
];

export { closeOpenCombineOrder, combineStateOf, combineView, markCombinePaid } from './combine-transactions';
export { completeSignUp } from './individual-contracts';
export { closeOpenOrder, markOrderPaid, transactionView } from './transactions';
export { settleRefund } from './refunds';
export type { Call, Route } from './route';
