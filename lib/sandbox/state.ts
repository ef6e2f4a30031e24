/**
 * The sandbox's business state: contracts, orders, refunds. In memory by default; with a data
 * file it is loaded at start and written after every change (write-then-rename, so a crash never
 * leaves half a file).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export type AuthState = 'AUTHORIZED' | 'UNAUTHORIZED';

/** An individual payee's authorization under one appid. */
export interface ContractRecord {
  appid: string;
  openid: string;
  auth_state: AuthState;
  individual_auth_id?: string;
  operation_time: string;
}

/** A pre-sign application, by `out_contract_code`. */
export interface PreSignRecord {
  out_contract_code: string;
  appid: string;
  scene: 'mini-program' | 'app';
  openid?: string;
  real_name_checked: boolean;
  pre_entrustweb_id: string;
  created_time: string;
  /** The request, minus encrypted fields: a reused code must come with the same request. */
  fingerprint: string;
  signed_time?: string;
}

export type TradeType = 'JSAPI' | 'APP' | 'NATIVE' | 'MWEB';
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';

export interface OrderRecord {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  attach?: string;
  trade_type: TradeType;
  trade_state: TradeState;
  total: number;
  currency: string;
  payer_openid?: string;
  /** Where payment notifications go (loopback only: the sandbox never sends elsewhere). */
  notify_url?: string;
  transaction_id?: string;
  success_time?: string;
  created_time: string;
  /** The prepay answer, repeated for an identical retry. */
  answer: Record<string, string>;
  fingerprint: string;
  refunded: number;
}

/** A combine order and each sub-order move together: NOTPAY → SUCCESS (one payment) or CLOSED. */
export type CombineTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED';

export interface CombineSubOrderRecord {
  mchid: string;
  out_trade_no: string;
  description: string;
  attach: string;
  total_amount: number;
  currency: string;
  individual_auth_id?: string;
  /** Absent in data files written before combine orders had states: NOTPAY. */
  trade_state?: CombineTradeState;
  transaction_id?: string;
  success_time?: string;
}

export interface CombineOrderRecord {
  combine_out_trade_no: string;
  combine_appid: string;
  combine_mchid: string;
  /** `JSAPI` for a mini-program combine order, `APP` for an app one. */
  trade_type: 'JSAPI' | 'APP';
  /** Absent in data files written before combine orders had states: NOTPAY. */
  trade_state?: CombineTradeState;
  prepay_id: string;
  fingerprint: string;
  sub_orders: CombineSubOrderRecord[];
  /** Where the combine payment notification goes (loopback only). */
  notify_url: string;
  /** Given at prepay (a mini-program order must name its payer), else chosen when paid. */
  payer_openid?: string;
  scene_info?: { device_id?: string };
  combine_transaction_id?: string;
  created_time: string;
}

/** How a refund ended; absent means SUCCESS (the sandbox settles refunds at once unless told otherwise). */
export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export interface RefundRecord {
  refund_id: string;
  status?: RefundStatus;
  /** Where REFUND.* notifications go, when the refund asked for them. */
  notify_url?: string;
  out_refund_no: string;
  out_trade_no: string;
  transaction_id: string;
  refund: number;
  total: number;
  currency: string;
  reason?: string;
  funds_account?: string;
  create_time: string;
  success_time: string;
  fingerprint: string;
}

export interface SandboxData {
  /** By `appid + ' ' + openid`. */
  contracts: Record<string, ContractRecord>;
  preSigns: Record<string, PreSignRecord>;
  orders: Record<string, OrderRecord>;
  combineOrders: Record<string, CombineOrderRecord>;
  refunds: Record<string, RefundRecord>;
}

export const contractKey = (appid: string, openid: string): string => `${appid} ${openid}`;

/**
 * A table keyed by caller-chosen ids. Null-prototype, so an id such as `__proto__` or `constructor` is an
 * ordinary key: it never reads `Object.prototype` as a record, and writing it never pollutes the prototype.
 */
export function idTable<T>(entries: Readonly<Record<string, T>> = {}): Record<string, T> {
  const table = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(entries)) table[key] = entries[key]!;
  return table;
}

/** Every table of `data` as an `idTable`: seeded state and a loaded data file alike. */
function withIdTables(data: SandboxData): SandboxData {
  return {
    contracts: idTable(data.contracts),
    preSigns: idTable(data.preSigns),
    orders: idTable(data.orders),
    combineOrders: idTable(data.combineOrders),
    refunds: idTable(data.refunds),
  };
}

export class SandboxState {
  readonly data: SandboxData;

  private constructor(
    data: SandboxData,
    private readonly file: string | undefined,
  ) {
    this.data = data;
  }

  /** Loads `file` when it exists; otherwise starts from `seed()`. */
  static open(file: string | undefined, seed: () => SandboxData): SandboxState {
    const data = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxData) : seed();
    const state = new SandboxState(withIdTables(data), file);
    state.commit();
    return state;
  }

  /** Call after every change. */
  commit(): void {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data, null, 2));
    renameSync(temporary, this.file);
  }

  /** The order that `transaction_id` names, if any. */
  orderByTransactionId(transactionId: string): OrderRecord | undefined {
    return Object.values(this.data.orders).find((order) => order.transaction_id === transactionId);
  }
}
