/**
 * Remembers nonces for as long as their timestamp could still pass the clock window, so a request
 * replayed inside the window is refused while memory stays bounded.
 */
export class ReplayGuard {
  readonly #expiries = new Map<string, number>();
  #sweptAt = -Infinity;

  constructor(private readonly windowSeconds: number) {}

  /** `true` the first time `key` is seen while its `timestamp` is acceptable; `false` for a replay. */
  admit(key: string, timestamp: number, nowSeconds: number): boolean {
    this.#forgetBefore(nowSeconds);
    if (this.#expiries.has(key)) return false;
    this.#expiries.set(key, timestamp + this.windowSeconds);
    return true;
  }

  /** At most once a second, so a busy sandbox does not scan the whole map per request. */
  #forgetBefore(nowSeconds: number): void {
    if (nowSeconds === this.#sweptAt) return;
    this.#sweptAt = nowSeconds;
    for (const [key, expiry] of this.#expiries) {
      if (expiry < nowSeconds) this.#expiries.delete(key);
    }
  }
}
