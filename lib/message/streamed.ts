/**
 * What a Response whose 2xx body went into the request's `sink` carries beside its (empty) body: how many
 * bytes were written, and the digest its signature is checked over. Set by the transport's last step,
 * read by the verifier and by callers (`streamedBytes`).
 */
import type { Response } from './response';

export interface StreamedBody {
  readonly bytes: number;
  /** SHA-256 of `Wechatpay-Timestamp\nWechatpay-Nonce\n` + the bytes written + `\n`. */
  readonly digest: Uint8Array | undefined;
}

const streamed = new WeakMap<Response, StreamedBody>();

export function markStreamed(response: Response, body: StreamedBody): void {
  streamed.set(response, body);
}

/** How many bytes of this response's body went into the request's `sink` (undefined: the body is in the Response). */
export function streamedBytes(response: Response): number | undefined {
  return streamed.get(response)?.bytes;
}

/** For a streamed response: the digest the verifier checks the signature over. */
export function streamedDigest(response: Response): Uint8Array | undefined {
  return streamed.get(response)?.digest;
}
