/**
 * Bill files held for their download URLs. Applications that are never downloaded must not grow the
 * sandbox without bound: every new file first sweeps the expired ones, and the oldest are dropped once
 * the count or the bytes held pass their caps (their URLs then answer "expired", as a real one would).
 */

/** A bill file held for its download URL. */
export interface BillFile {
  readonly mchid: string;
  readonly bytes: Buffer;
  readonly gzip: boolean;
  readonly expiresAt: number;
}

export interface BillStoreLimits {
  /** Files held at once. */
  readonly maxFiles: number;
  /** Bytes held at once, over all files. */
  readonly maxBytes: number;
}

/** Far above what a test or a local app applies for within one five-minute URL lifetime. */
export const DEFAULT_BILL_STORE_LIMITS: BillStoreLimits = { maxFiles: 256, maxBytes: 64 * 1024 * 1024 };

export class BillStore {
  /** Insertion order is age order: the first entry is the oldest. */
  readonly #files = new Map<string, BillFile>();
  #bytes = 0;

  constructor(readonly limits: BillStoreLimits = DEFAULT_BILL_STORE_LIMITS) {}

  get size(): number {
    return this.#files.size;
  }

  /** Bytes held over all files. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Keeps `file` under `token`, after sweeping what expired by `now` and evicting the oldest beyond the caps. */
  put(token: string, file: BillFile, now: number): void {
    for (const [key, held] of this.#files) if (held.expiresAt < now) this.#remove(key);
    this.#remove(token);
    this.#files.set(token, file);
    this.#bytes += file.bytes.length;
    for (const key of this.#files.keys()) {
      if (this.#files.size <= this.limits.maxFiles && this.#bytes <= this.limits.maxBytes) break;
      if (key !== token) this.#remove(key);
    }
  }

  /** The file under `token` if it has not expired by `now`; an expired one is dropped. */
  get(token: string, now: number): BillFile | undefined {
    const file = this.#files.get(token);
    if (file && file.expiresAt < now) {
      this.#remove(token);
      return undefined;
    }
    return file;
  }

  #remove(token: string): void {
    const file = this.#files.get(token);
    if (!file) return;
    this.#files.delete(token);
    this.#bytes -= file.bytes.length;
  }
}
