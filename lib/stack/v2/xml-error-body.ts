/**
 * `http_errors` for APIv2: a 4xx/5xx reply's XML fields become the exception's `body`, as the JSON
 * error does for APIv3. A body that is not XML leaves `body` undefined; the raw text stays on the response.
 */
import type { WechatpayErrorBody } from '../../errors';
import { Transformer } from '../../formats/transformer';
import type { Response } from '../../message/response';

export function parseXmlErrorBody(response: Response): WechatpayErrorBody | undefined {
  try {
    const fields = Transformer.toArray(response.getBody().bytes());
    // BadResponseException reads `code`/`message` only when they are strings, so nested nodes are harmless.
    return Object.keys(fields).length > 0 ? (fields as WechatpayErrorBody) : undefined;
  } catch {
    return undefined;
  }
}
