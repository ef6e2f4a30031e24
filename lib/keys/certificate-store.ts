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
  // Most stores hold one key (a merchant's WeChat Pay public key, or the platform certificate in use), and a
  // process may hold thousands: one entry is kept in two fields, and a Map (about 200 bytes) made for a second.
  #serial: string | undefined;
  #key: KeyObject | undefined;
  #keys: Map<string, KeyObject> | undefined;

  constructor(entries?: Iterable<[string, KeyObject]>) {
    if (entries) for (const [serial, key] of entries) this.set(serial, key);
  }

  get(serial: string): KeyObject | undefined {
    if (this.#keys !== undefined) return this.#keys.get(serial);
    return serial === this.#serial ? this.#key : undefined;
  }

  set(serial: string, key: KeyObject): void {
    if (this.#keys !== undefined) {
      this.#keys.set(serial, key);
    } else if (this.#serial === undefined || this.#serial === serial) {
      this.#serial = serial;
      this.#key = key;
    } else {
      this.#keys = new Map([[this.#serial, this.#key!], [serial, key]]);
      this.#serial = this.#key = undefined;
    }
  }

  has(serial: string): boolean {
    return this.get(serial) !== undefined;
  }

  delete(serial: string): boolean {
    if (this.#keys !== undefined) return this.#keys.delete(serial);
    if (this.#serial !== serial || this.#serial === undefined) return false;
    this.#serial = this.#key = undefined;
    return true;
  }

  serials(): string[] {
    if (this.#keys !== undefined) return [...this.#keys.keys()];
    return this.#serial === undefined ? [] : [this.#serial];
  }

  get size(): number {
    return this.#keys !== undefined ? this.#keys.size : this.#serial === undefined ? 0 : 1;
  }
}
