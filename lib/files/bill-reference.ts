/**
 * What a bill download starts from: the answer of `GET /v3/bill/tradebill` or `…/fundflowbill`
 * (`{hash_type, hash_value, download_url}`), given as that object or as the Response itself.
 */
import { InvalidArgumentException } from '../errors';
import { Response } from '../message/response';

export interface BillReference {
  /** `https://api.mch.weixin.qq.com/v3/billdownload/file?token=…`; the query is sent exactly as written. */
  download_url: string;
  /** `SHA1` for every bill today; `SHA256`/`SM3`-style names map to Node's digests when available. */
  hash_type: string;
  /** Hex digest of the bill as generated (decompressed when `tar_type=GZIP`). */
  hash_value: string;
}

/** A checked reference, with the URL parsed and the digest name Node knows. */
export interface ResolvedBill {
  readonly url: URL;
  readonly algorithm: string;
  readonly hashType: string;
  readonly hashValue: string;
}

export function resolveBill(bill: BillReference | Response, supported: (algorithm: string) => boolean): ResolvedBill {
  const fields = bill instanceof Response ? bodyOf(bill) : bill;
  if (typeof fields !== 'object' || fields === null) {
    throw new InvalidArgumentException('downloadBill needs the tradebill/fundflowbill answer: `{ download_url, hash_type, hash_value }` or its Response.');
  }
  const { download_url: downloadUrl, hash_type: hashType, hash_value: hashValue } = fields as Partial<BillReference>;
  if (typeof downloadUrl !== 'string' || downloadUrl === '') throw new InvalidArgumentException('downloadBill: `download_url` is missing.');
  let url: URL;
  try {
    url = new URL(downloadUrl);
  } catch {
    throw new InvalidArgumentException(`downloadBill: \`download_url\` is not a URL: ${downloadUrl.slice(0, 80)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentException(`downloadBill: \`download_url\` must be http(s), not ${url.protocol}`);
  if (typeof hashType !== 'string' || hashType === '') throw new InvalidArgumentException('downloadBill: `hash_type` is missing (WeChat Pay answers `SHA1`).');
  if (typeof hashValue !== 'string' || !/^[0-9a-f]+$/i.test(hashValue)) {
    throw new InvalidArgumentException('downloadBill: `hash_value` must be the hex digest from the tradebill/fundflowbill answer.');
  }
  const algorithm = hashType.toLowerCase().replace(/-/g, '');
  if (!supported(algorithm)) throw new InvalidArgumentException(`downloadBill: hash_type \`${hashType}\` is not a digest this Node.js knows.`);
  return { url, algorithm, hashType, hashValue: hashValue.toLowerCase() };
}

function bodyOf(response: Response): unknown {
  try {
    return response.json();
  } catch (cause) {
    throw new InvalidArgumentException('downloadBill: the Response given is not a tradebill/fundflowbill answer (its body is not JSON).', { cause });
  }
}
