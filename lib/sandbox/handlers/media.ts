/**
 * Media uploads. By the time a handler runs the server has parsed the multipart body, checked the
 * signature over the `meta` part and the meta fields against the description; here the `file`
 * part is checked as WeChat Pay does: present and after `meta`, its name's extension, its SHA-256
 * against `meta.sha256`, its size. The whole body is in memory (the HTTP side reads requests whole,
 * capped at 32 MiB), which the upload limits keep small.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mediaFileRules, uploadComplaintImage, uploadImage, uploadMarketingImage, uploadVideo } from '../../endpoints/overrides/media';
import type { EndpointDescription } from '../../endpoints/types';
import { SandboxError, paramError } from '../errors';
import type { FormPart } from '../multipart';
import { ok } from '../reply';
import { route, type Call, type Route } from './route';

/** A media id shaped like the documented ones (base64url, ~100 characters). */
const mediaId = (): string => randomBytes(75).toString('base64url');

export const mediaRoutes: readonly Route[] = [
  route(uploadImage, (call) => {
    acceptFile(call);
    return ok({ media_id: mediaId() });
  }),
  route(uploadVideo, (call) => {
    acceptFile(call);
    return ok({ media_id: mediaId() });
  }),
  route(uploadComplaintImage, (call) => {
    acceptFile(call);
    return ok({ media_id: mediaId() });
  }),
  route(uploadMarketingImage, (call) => {
    const file = acceptFile(call);
    return ok({ media_url: `https://wxpaylogo.qpic.cn/wxpaylogo/${createHash('sha1').update(file.content).digest('hex')}/0` });
  }),
];

/** The checked `file` part; any failure is the PARAM_ERROR the real API answers. */
function acceptFile<E extends EndpointDescription>(call: Call<E>): FormPart {
  const rule = mediaFileRules[call.endpoint.path]!;
  const form = call.form ?? [];
  const fileAt = form.findIndex((part) => part.name === 'file');
  if (fileAt === -1) {
    // Worded exactly as WeChat Pay's reply to an upload without a `file` part (docs/protocol.md §3).
    throw new SandboxError('PARAM_ERROR', `输入源“/body/file”映射到字段“${rule.label}”必填性规则校验失败，此字段为必填项`, {
      location: 'body',
      value: '',
    });
  }
  if (fileAt < form.findIndex((part) => part.name === 'meta')) {
    throw fileError(rule.label, 'the `meta` part must come before the `file` part', '格式', '');
  }
  const file = form[fileAt]!;
  const meta = call.body as unknown as { filename: string; sha256: string };
  const extension = /\.([^.]+)$/.exec(file.filename ?? meta.filename)?.[1]?.toLowerCase();
  if (extension === undefined || !rule.extensions.includes(extension)) {
    throw fileError(rule.label, `the file name must end in ${rule.extensions.join(', ')}`, '格式', file.filename ?? '');
  }
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  if (sha256 !== meta.sha256.toLowerCase()) {
    throw paramError(
      { field: '/meta/sha256', value: meta.sha256, issue: `does not match the SHA-256 of the file part (${sha256})`, location: 'body' },
      '文件摘要一致性',
    );
  }
  if (file.content.length > rule.maxBytes) {
    throw fileError(rule.label, `the file is ${file.content.length} bytes, more than the ${rule.maxBytes / 1024 / 1024} MB allowed`, '大小', file.content.length);
  }
  return file;
}

function fileError(label: string, issue: string, rule: string, value: unknown): SandboxError {
  return new SandboxError('PARAM_ERROR', `输入源“/body/file”映射到字段“${label}”${rule}规则校验失败，${issue}`, {
    field: '/file',
    value,
    issue,
    location: 'body',
  });
}
