/**
 * The verification keys, by `Wechatpay-Serial`: platform certificate serials and `PUB_KEY_ID_…` ids alike.
 * Live and mutable, so a certificate downloader can add the certificates it just decrypted and have the
 * verifier use them for the very response that carried them (PHP passes `certs` by reference for this).
 */
import type { KeyObject } from 'node:crypto';

export interface CertificateSource {
  /** The public key for `serial`, or undefined when it is unknown. */
  get(serial: string): KeyObject | undefined;
  /** Known serials, for error messages. */
  serials(): string[];
  /**
   * Optional: fetch keys now because a response named `serial`, unknown to `get`. The verifier calls it
   * once under promise verbs, then looks again. Must not reject.
   */
  refresh?(serial: string): Promise<void>;
  /** Optional: the same under synchronous verbs, blocking (the calling thread is blocked anyway). Must not throw. */
  refreshSync?(serial: string): void;
}

export class CertificateStore implements CertificateSource {
  readonly #keys = new Map<string, KeyObject>();

  constructor(entries?: Iterable<[string, KeyObject]>) {
    if (entries) for (const [serial, key] of entries) this.#keys.set(serial, key);
  }

  get(serial: string): KeyObject | undefined {
    return this.#keys.get(serial);
  }

  set(serial: string, key: KeyObject): void {
    this.#keys.set(serial, key);
  }

  has(serial: string): boolean {
    return this.#keys.has(serial);
  }

  delete(serial: string): boolean {
    return this.#keys.delete(serial);
  }

  serials(): string[] {
    return [...this.#keys.keys()];
  }

  get size(): number {
    return this.#keys.size;
  }
}
