/**
 * The APIv2 endpoints whose replies carry no `sign` (bill files, red packets, transfers, …):
 * wechatpay-php's list, exactly and case-sensitively. PHP compares the full request path, so a base
 * URI with a path (`…/sandboxnew/`) defeats it; we compare the path relative to the base URI.
 */
const UNSIGNED_ENDPOINTS: ReadonlySet<string> = new Set([
  '/mchrisk/querymchrisk',
  '/mchrisk/setmchriskcallback',
  '/mchrisk/syncmchriskresult',
  '/mmpaymkttransfers/gethbinfo',
  '/mmpaymkttransfers/gettransferinfo',
  '/mmpaymkttransfers/pay_bank',
  '/mmpaymkttransfers/promotion/paywwsptrans2pocket',
  '/mmpaymkttransfers/promotion/querywwsptrans2pocket',
  '/mmpaymkttransfers/promotion/transfers',
  '/mmpaymkttransfers/query_bank',
  '/mmpaymkttransfers/sendgroupredpack',
  '/mmpaymkttransfers/sendminiprogramhb',
  '/mmpaymkttransfers/sendredpack',
  '/papay/entrustweb',
  '/papay/h5entrustweb',
  '/papay/partner/entrustweb',
  '/papay/partner/h5entrustweb',
  '/pay/downloadbill',
  '/pay/downloadfundflow',
  '/payitil/report',
  '/risk/getpublickey',
  '/risk/getviolation',
  '/secapi/mch/submchmanage',
  '/xdc/apiv2getsignkey/sign/getsignkey',
]);

/** `pathname` relative to the base URI, `v2/` already dropped: `pay/downloadbill`. */
export function isUnsignedEndpoint(pathname: string): boolean {
  return UNSIGNED_ENDPOINTS.has(`/${pathname.replace(/^\/+/, '')}`);
}
