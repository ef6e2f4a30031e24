/**
 * WeChat Pay error replies: `{code, message[, detail]}` with the status of docs/protocol.md §3.
 * Handlers and checks throw `SandboxError`; the server turns it into the reply.
 */
import { errorCodes, type ErrorCode } from '../endpoints/error-codes';
import type { FieldLocation } from '../endpoints/types';
import type { Reply } from './reply';

/** The documented `detail` of a parameter error: which field, what value, what is wrong, where. */
export interface FieldIssue {
  readonly field: string;
  readonly value: unknown;
  readonly issue: string;
  readonly location: FieldLocation | 'authorization';
}

export class SandboxError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly detail?: Readonly<Record<string, unknown>>,
  ) {
    super(message ?? errorCodes[code].message);
    this.status = errorCodes[code].status;
  }

  toReply(): Reply {
    const body: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.detail) body.detail = this.detail;
    return { status: this.status, json: body };
  }
}

/** 400 PARAM_ERROR for one field, worded like the real API's rule-check messages. */
export function paramError(issue: FieldIssue, rule: string): SandboxError {
  const source = issue.location === 'body' ? `/body${issue.field}` : `/${issue.location}/${issue.field}`;
  return new SandboxError('PARAM_ERROR', `输入源“${source}”映射到字段“${issue.field}”${rule}规则校验失败，${issue.issue}`, {
    ...issue,
  });
}

/** Answers for anything that escaped the checks: a sandbox bug, reported as WeChat Pay would. */
export function systemError(): SandboxError {
  return new SandboxError('SYSTEM_ERROR', '系统繁忙，请稍后重试');
}
