/** Every described endpoint, grouped by product area. */
import { bills } from './bills';
import { certificates } from './certificates';
import { combineTransactions } from './combine-transactions';
import { individualContracts } from './individual-contracts';
import { media } from './media';
import { refunds } from './refunds';
import { transactions } from './transactions';

export const endpoints = [
  ...individualContracts,
  ...combineTransactions,
  ...transactions,
  ...refunds,
  ...bills,
  ...certificates,
  ...media,
] as const;
