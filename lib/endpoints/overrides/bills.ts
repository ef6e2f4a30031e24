/**
 * Bills (账单): apply for a trade bill, then download the file, whose response is not signed
 * (docs/protocol.md §8).
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter7_9_1.shtml
 */
import type { EndpointDescription } from '../types';

export const tradeBill = {
  method: 'GET',
  path: 'v3/bill/tradebill',
  summary: 'Apply for a trade bill (申请交易账单)',
  query: {
    bill_date: { type: 'string', required: true, format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    bill_type: { type: 'string', enum: ['ALL', 'SUCCESS', 'REFUND'] },
    tar_type: { type: 'string', enum: ['GZIP'] },
  },
  response: {
    status: 200,
    body: {
      hash_type: { type: 'string', required: true, enum: ['SHA1'] },
      hash_value: { type: 'string', required: true, maxLength: 1024 },
      download_url: { type: 'string', required: true, maxLength: 2048, format: 'uri' },
    },
  },
  errors: ['NO_STATEMENT_EXIST'],
} as const satisfies EndpointDescription;

export const downloadBill = {
  method: 'GET',
  path: 'v3/billdownload/file',
  summary: 'Download a bill file (下载账单); the response carries no signature',
  query: { token: { type: 'string', required: true, maxLength: 256 } },
  response: { status: 200, contentType: 'text/plain | application/x-gzip', signed: false },
  errors: ['NO_AUTH'],
  docs: 'https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter7_3_9.shtml',
} as const satisfies EndpointDescription;

export const bills = [tradeBill, downloadBill] as const;
