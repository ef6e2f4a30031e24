/** What a handler answers; the server turns it into bytes and signs it. */
export interface Reply {
  readonly status: number;
  /** A JSON body (serialised once; the signature covers exactly those bytes). */
  readonly json?: unknown;
  /** A raw body (bill files); `json` wins when both are set. */
  readonly bytes?: Buffer;
  readonly contentType?: string;
  /** `false` for the responses WeChat Pay does not sign (the bill file, APIv2's XML). */
  readonly signed?: boolean;
  /** Extra response headers (a redirect's `Location`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const noContent: Reply = { status: 204 };

export const ok = (json: unknown): Reply => ({ status: 200, json });
