/**
 * PHP's `Throwable` methods, on both error trees, so ported `catch` blocks keep calling them. `code` stays
 * the Node-style string (`ECONNREFUSED`, `ORDER_NOT_EXIST`, `ERR_WECHATPAY_…`); `getCode()` is PHP's integer.
 */
export abstract class PhpThrowable extends Error {
  getMessage(): string {
    return this.message;
  }

  /** PHP's integer code: 0, except the HTTP status of a RequestException's response (as in Guzzle). */
  getCode(): number {
    return 0;
  }

  /** The error this one wraps (`cause`), as PHP's `getPrevious()`; null when none. */
  getPrevious(): unknown {
    return this.cause ?? null;
  }

  /** The stack frames as PHP numbers them: `#0 at …`, …, `#n {main}`. */
  getTraceAsString(): string {
    const frames = (this.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map((line) => line.trim());
    return [...frames, '{main}'].map((frame, i) => `#${i} ${frame}`).join('\n');
  }
}
