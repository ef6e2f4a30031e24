/** The small pieces both bill downloads share: gzip sniffing, pass-through taps, temporary names, the digest check. */
import { randomBytes, type Hash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { TransferException } from '../errors';
import type { Response } from '../message/response';
import type { ResolvedBill } from './bill-reference';
import { ErrorCode } from '../errors/codes.cjs';

export const BILL_HASH_MISMATCH = ErrorCode.BILL_HASH_MISMATCH;

/** Called as the bill's bytes go by: `processed` of `total` (0 when the server declared no length). */
export type ProgressListener = (processed: number, total: number) => void;

/** The gzip magic number: WeChat Pay sends `tar_type=GZIP` bills as a gzip file. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Feeds every chunk to `hash` and passes it on unchanged. */
export function hashTap(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** Counts the bytes that pass. */
export function countTap(): { stream: Transform; bytes: () => number } {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, bytes: () => bytes };
}

export const discard = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

/** In the target's directory, so the final rename never crosses file systems. */
export function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
}

export function checkDigest(bill: ResolvedBill, actual: string, outcome: string): void {
  if (actual === bill.hashValue) return;
  throw new TransferException(
    `The downloaded bill does not match its hash_value: ${bill.hashType} expected ${bill.hashValue}, got ${actual}` +
      `; ${outcome}. Apply for the bill again and retry.`,
    { code: BILL_HASH_MISMATCH },
  );
}

/** A 2xx is streamed into the sink; any other status that got past `http_errors` (a redirect) is no bill. */
export function expectStreamed(response: Response): void {
  if (response.status >= 200 && response.status < 300) return;
  throw new TransferException(`The bill download answered ${response.status} ${response.reasonPhrase}, not the file; nothing was written.`);
}
