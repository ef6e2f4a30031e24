/**
 * Trade bills: the apply call answers a SHA-1 and a download URL on this sandbox; the download
 * answers the file itself, unsigned, as WeChat Pay does.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { downloadBill, tradeBill } from '../../endpoints/overrides/bills';
import { tradeBillCsv } from '../bill-file';
import { SandboxError } from '../errors';
import { beijingDate, billToken } from '../ids';
import { ok } from '../reply';
import { route, type Route } from './route';

/** Download URLs stay valid this long (the docs say 30 s to 5 min; the sandbox is generous). */
const DOWNLOAD_TTL_MS = 5 * 60_000;
/** Bills are kept for the last three months. */
const HISTORY_DAYS = 92;

export const billRoutes: readonly Route[] = [
  route(tradeBill, ({ query, world, mchid }) => {
    const now = world.now();
    const date = query.bill_date;
    if (date > beijingDate(now)) throw new SandboxError('NO_STATEMENT_EXIST', '账单日期不能晚于今天，账单尚未生成');
    if (date < beijingDate(now - HISTORY_DAYS * 86_400_000)) throw new SandboxError('NO_STATEMENT_EXIST', '只能下载近三个月的账单');

    const { orders, refunds } = world.state.data;
    const payments = Object.values(orders).filter((order) => order.success_time?.startsWith(date));
    const dayRefunds = Object.values(refunds)
      .filter((refund) => refund.create_time.startsWith(date))
      .flatMap((refund) => (orders[refund.out_trade_no] ? [{ refund, order: orders[refund.out_trade_no]! }] : []));
    const csv = Buffer.from(tradeBillCsv({ payments, refunds: dayRefunds }, query.bill_type ?? 'ALL'));

    const gzip = query.tar_type === 'GZIP';
    const token = billToken();
    world.bills.put(token, { mchid, bytes: gzip ? gzipSync(csv) : csv, gzip, expiresAt: now + DOWNLOAD_TTL_MS }, now);
    return ok({
      hash_type: 'SHA1',
      hash_value: createHash('sha1').update(csv).digest('hex'),
      download_url: `${world.baseUri()}v3/billdownload/file?token=${token}`,
    });
  }),
  route(downloadBill, ({ query, world, mchid }) => {
    const file = world.bills.get(query.token, world.now());
    if (!file) {
      throw new SandboxError('INVALID_REQUEST', '下载链接已过期，请重新申请账单');
    }
    if (file.mchid !== mchid) throw new SandboxError('NO_AUTH', '无权下载其他商户的账单');
    return {
      status: 200,
      bytes: file.bytes,
      contentType: file.gzip ? 'application/x-gzip' : 'text/plain;charset=utf-8',
      signed: false,
    };
  }),
];
