/**
 * Media uploads (图片上传, 视频上传, 营销图片上传): `multipart/form-data` with a `meta` JSON part, which is
 * what the body fields below describe and what the request signature covers, then the `file` part
 * (docs/protocol.md §7). The file's own rules (extensions, size) are in `mediaFileRules`.
 * @see https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter2_1_1.shtml
 */
import type { EndpointDescription } from '../types';

/** The rules a `file` part must meet, per upload path; `label` is the field name the API's messages use. */
export interface MediaFileRule {
  readonly label: string;
  readonly extensions: readonly string[];
  readonly maxBytes: number;
}

const MB = 1024 * 1024;
const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'bmp', 'png'] as const;
const COMPLAINT_IMAGE_EXTENSIONS = ['jpg', 'png', 'bmp'] as const;
const VIDEO_EXTENSIONS = ['avi', 'wmv', 'mpeg', 'mp4', 'mov', 'mkv', 'flv', 'f4v', 'm4v', 'rmvb'] as const;

/** A case-insensitive `name.ext` pattern (descriptions carry regular expression sources, without flags). */
const fileNamePattern = (extensions: readonly string[]): string =>
  `^.+\\.(?:${extensions.map((ext) => [...ext].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('')).join('|')})$`;

const meta = (extensions: readonly string[]) =>
  ({
    filename: { type: 'string', required: true, maxLength: 128, pattern: fileNamePattern(extensions), description: `file name, ending in ${extensions.join('/')}` },
    sha256: { type: 'string', required: true, pattern: '^[0-9a-fA-F]{64}$', description: 'hex SHA-256 of the file bytes' },
  }) as const;

const mediaId = { media_id: { type: 'string', required: true, maxLength: 512 } } as const;

export const uploadImage = {
  method: 'POST',
  path: 'v3/merchant/media/upload',
  summary: 'Upload an image (图片上传), multipart `meta` + `file`; answers its media_id',
  body: meta(IMAGE_EXTENSIONS),
  response: { status: 200, body: mediaId },
  errors: [],
  docs: 'https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter2_1_1.shtml',
} as const satisfies EndpointDescription;

export const uploadVideo = {
  method: 'POST',
  path: 'v3/merchant/media/video_upload',
  summary: 'Upload a video (视频上传), multipart `meta` + `file`; answers its media_id',
  body: meta(VIDEO_EXTENSIONS),
  response: { status: 200, body: mediaId },
  errors: [],
  docs: 'https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter2_1_2.shtml',
} as const satisfies EndpointDescription;

export const uploadMarketingImage = {
  method: 'POST',
  path: 'v3/marketing/favor/media/image-upload',
  summary: 'Upload a marketing image (图片上传(营销专用)), multipart `meta` + `file`; answers its media_url',
  body: meta(IMAGE_EXTENSIONS),
  response: { status: 200, body: { media_url: { type: 'string', required: true, maxLength: 1024, format: 'uri' } } },
  errors: [],
  docs: 'https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter9_0_1.shtml',
} as const satisfies EndpointDescription;

export const uploadComplaintImage = {
  method: 'POST',
  path: 'v3/merchant-service/images/upload',
  summary: 'Upload an image for a complaint reply (商户上传反馈图片), multipart `meta` + `file`; answers its media_id',
  body: meta(COMPLAINT_IMAGE_EXTENSIONS),
  response: { status: 200, body: mediaId },
  errors: [],
  docs: 'https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter10_2_10.shtml',
} as const satisfies EndpointDescription;

/** Documented limits: images 5 MB (older pages say 2 MB), videos 5 MB, marketing and complaint images 2 MB. */
export const mediaFileRules: Readonly<Record<string, MediaFileRule>> = {
  [uploadImage.path]: { label: '图片文件', extensions: IMAGE_EXTENSIONS, maxBytes: 5 * MB },
  [uploadVideo.path]: { label: '视频文件', extensions: VIDEO_EXTENSIONS, maxBytes: 5 * MB },
  [uploadMarketingImage.path]: { label: '图片文件', extensions: IMAGE_EXTENSIONS, maxBytes: 2 * MB },
  [uploadComplaintImage.path]: { label: '图片文件', extensions: COMPLAINT_IMAGE_EXTENSIONS, maxBytes: 2 * MB },
};

export const media = [uploadImage, uploadVideo, uploadMarketingImage, uploadComplaintImage] as const;
