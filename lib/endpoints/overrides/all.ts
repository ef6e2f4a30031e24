/**
 * Every hand-written override, grouped by product area: merged over the generated descriptions by
 * `npm run endpoints`. They carry what the catalogue lacks: error codes, the stateful sandbox flows'
 * facts (`oneOf`, `signerMchid`), English summaries and corrections.
 */
import { bills } from './bills';
import { certificates } from './certificates';
import { combineTransactions } from './combine-transactions';
import { individualContracts } from './individual-contracts';
import { media } from './media';
import { refunds } from './refunds';
import { transactions } from './transactions';

export const overrides = [
  ...individualContracts,
  ...combineTransactions,
  ...transactions,
  ...refunds,
  ...bills,
  ...certificates,
  ...media,
] as const;
