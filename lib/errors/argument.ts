/**
 * Usage errors: bad configuration, options or input. Nothing was sent. They carry no request, so every
 * layer (message/ and below included) can throw them without importing the transfer tree.
 */
import { redact } from '../redact';
import { hasBrand, stamp } from './brand';
import { ErrorCode } from './codes.cjs';
import { PhpThrowable } from './php-throwable';

/** Bad configuration or options. Nothing was sent. */
export class InvalidArgumentException extends PhpThrowable {
  static readonly brandName: string = 'InvalidArgumentException';
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
  readonly code: string = ErrorCode.INVALID_ARGUMENT;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options?.cause === undefined ? undefined : { cause: options.cause });
    stamp(this, new.target);
  }
}

/**
 * A user stack entry returned a Promise under a synchronous verb. Extends InvalidArgumentException:
 * it is a usage error, raised before (or instead of) sending.
 */
export class SyncModeException extends InvalidArgumentException {
  static override readonly brandName: string = 'SyncModeException';
}

/** A positive, finite number, or `fallback` when absent; else an InvalidArgumentException naming `field`. */
export function positiveNumber(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentException(`${field} must be a positive number, got ${String(value)}.`);
  }
  return value;
}
