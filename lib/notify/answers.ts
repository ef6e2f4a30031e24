/**
 * What a notification handler sends back (docs/protocol.md §5, §11). WeChat Pay looks only at the
 * status for APIv3 (2xx = delivered; anything else, or no answer within 5 s, = retry later) and at
 * `return_code` for APIv2, whose answers are always XML with status 200.
 */
import { InvalidArgumentException } from '../errors';

/** A ready HTTP answer: `res.writeHead(a.status, a.headers).end(a.body)`. */
export interface NotificationAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** WeChat Pay documents `message` as 1 to 64 characters. */
const MESSAGE_LIMIT = 64;

/** APIv3 success: 204, nothing to say ("200 or 204, no body needed"). */
export function successAnswer(): NotificationAnswer {
  return { status: 204, headers: {}, body: '' };
}

/** APIv3 failure: `{"code":"FAIL","message":…}` with a 4xx/5xx status, so WeChat Pay retries. */
export function failureAnswer(message = '失败', status = 500): NotificationAnswer {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new InvalidArgumentException(`A failure answer needs a 4xx or 5xx status (a 2xx tells WeChat Pay the notification was handled), got ${status}.`);
  }
  const text = [...(message || '失败')].slice(0, MESSAGE_LIMIT).join('');
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ code: 'FAIL', message: text }),
  };
}

/** APIv2 success: `return_code` SUCCESS, `return_msg` OK. */
export function successAnswerV2(): NotificationAnswer {
  return xmlAnswer('SUCCESS', 'OK');
}

/** APIv2 failure: `return_code` FAIL (still status 200: the XML is what WeChat Pay reads). */
export function failureAnswerV2(message = 'FAIL'): NotificationAnswer {
  return xmlAnswer('FAIL', [...(message || 'FAIL')].slice(0, MESSAGE_LIMIT).join(''));
}

function xmlAnswer(code: 'SUCCESS' | 'FAIL', message: string): NotificationAnswer {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body: `<xml><return_code>${cdata(code)}</return_code><return_msg>${cdata(message)}</return_msg></xml>`,
  };
}

/** `]]>` cannot appear inside one CDATA section: close and reopen around it. */
function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
