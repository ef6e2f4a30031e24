/** Failover to backup hosts, retries with backoff, and the record of attempts (the stack entry is stack/retry.ts). */
export { DEFAULT_RETRY_POLICY, NO_RETRY_POLICY, resolveRetryPolicy, type RetryOptions, type RetryPolicy } from './retry-policy';
export type { AttemptRecord } from './attempts';
export type { HostList } from './attempt-plan';
export { failureKind, type FailureKind } from './failure-kind';
export { retryAfterMs } from './retry-after';
export { backoffDelay } from './backoff';
