/**
 * MediaUtil: the meta, the multipart layout, and uploads over real HTTP to the sandbox's three upload
 * endpoints with both verb kinds — including a 20 MB file whose memory use on the calling thread stays flat.
 */
import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Builder, ClientException, InvalidArgumentException, closeSyncBridge } from '../../lib';
import { Sandbox } from '../../lib/sandbox';
import type { BuilderChainable } from '../../lib/builder/chainable';
import { loadClientConfig } from '../../lib/cli/config-file';
import { MediaUtil } from '../../lib/files/media-util';
import { SIGNED_TEXT } from '../../lib/message/request-body';
import { multipartBoundary, parseMultipart } from '../../lib/sandbox/multipart';
import { startSandboxProcess, tempDir, writeGeneratedFile } from '../helpers/files-fixtures';
import { liveFootprint } from '../helpers/live-memory';
import { sandboxKeys } from '../helpers/sandbox-keys';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const upload = (media: MediaUtil) => ({ body: media.getStream(), headers: { 'Content-Type': media.getContentType() } });
/** The 20 MB uploads take about a second on a quiet machine; a loaded CI runner gets minutes, not a flake. */
const bigUpload = (media: MediaUtil) => ({ ...upload(media), timeout: 240 });
const BIG_UPLOAD_SPEC_MS = 300_000;

let sandbox: Sandbox;
let instance: BuilderChainable;
const temp = tempDir('wechatpay-media-');
const png = join(temp.dir, 'photo.png');
const pngBytes = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(4096, 7)]);

beforeAll(async () => {
  writeFileSync(png, pngBytes);
  sandbox = await Sandbox.start({ keys: await sandboxKeys() });
  instance = Builder.factory(sandbox.clientConfig());
});

afterAll(async () => {
  closeSyncBridge();
  await instance.getDriver().close();
  await sandbox.stop();
  temp.remove();
});

describe('MediaUtil meta and body', () => {
  it('computes {filename, sha256} from a path, with or without file://', () => {
    const expected = JSON.stringify({ filename: 'photo.png', sha256: sha256(pngBytes) });
    expect(new MediaUtil(png).getMeta()).toBe(expected);
    expect(new MediaUtil(`file://${png}`).getMeta()).toBe(expected);
    expect(new MediaUtil(createReadStream(png)).getMeta()).toBe(expected);
  });

  it('writes the meta as PHP json_encode does (non-ASCII as \\uXXXX), so signatures match the PHP SDK', () => {
    const media = new MediaUtil(pngBytes, { filename: '图 片.png' });
    expect(media.getMeta()).toBe(`{"filename":"\\u56fe \\u7247.png","sha256":"${sha256(pngBytes)}"}`);
    expect(JSON.parse(media.getMeta()).filename).toBe('图 片.png');
  });

  it('builds meta then file, with the boundary of getContentType() and the signed text of getMeta()', async () => {
    const media = new MediaUtil(png);
    const stream = media.getStream();
    expect((stream as unknown as Record<symbol, unknown>)[SIGNED_TEXT]).toBe(media.getMeta());
    const boundary = multipartBoundary(media.getContentType());
    expect(boundary).toMatch(/^[0-9a-f]{40}$/);
    const parts = parseMultipart(await readAll(stream), boundary!);
    expect(parts.map((part) => part.name)).toEqual(['meta', 'file']);
    expect(parts[0]!.content.toString()).toBe(media.getMeta());
    expect(parts[0]!.contentType).toBe('application/json');
    expect(parts[1]).toMatchObject({ filename: 'photo.png', contentType: 'image/png' });
    expect(parts[1]!.content.equals(pngBytes)).toBe(true);
    // Each call is a fresh body: a stream is read once.
    expect((await readAll(media.getStream())).length).toBeGreaterThan(pngBytes.length);
  });

  it('takes extra meta keys (bank_type) as an object, or the whole meta text', () => {
    const media = new MediaUtil(png, { bank_type: 'CMB' });
    expect(JSON.parse(media.getMeta())).toEqual({ filename: 'photo.png', sha256: sha256(pngBytes), bank_type: 'CMB' });
    const text = '{"filename":"x.png","sha256":"00","bank_type":"ICBC"}';
    expect(media.setMeta(text)).toBe(Buffer.byteLength(text));
    expect(media.getMeta()).toBe(text);
    media.setMeta({ bank_type: 'BOC' });
    expect(JSON.parse(media.getMeta())).toEqual({ filename: 'photo.png', sha256: sha256(pngBytes), bank_type: 'BOC' });
  });

  it('refuses bad input, naming the problem', () => {
    expect(() => new MediaUtil(join(temp.dir, 'missing.png'))).toThrow(/cannot read .*missing\.png \(ENOENT\)/);
    expect(() => new MediaUtil(temp.dir)).toThrow(/not a regular file/);
    expect(() => new MediaUtil(pngBytes)).toThrow(InvalidArgumentException);
    expect(() => new MediaUtil(pngBytes)).toThrow(/meta\.filename/);
    expect(() => new MediaUtil(Readable.from([pngBytes]), { filename: 'a.png' })).toThrow(/fromStream/);
    expect(() => new MediaUtil(png, '{not json')).toThrow(/not valid JSON/);
    expect(() => new MediaUtil(png, { sha256: 'xyz' })).toThrow(/64 hex digits/);
  });

  it('spools an arbitrary stream to a temporary file while hashing it; dispose() removes the file', async () => {
    const media = await MediaUtil.fromStream(Readable.from([pngBytes.subarray(0, 100), pngBytes.subarray(100)]), { filename: 'streamed.png' });
    expect(JSON.parse(media.getMeta())).toEqual({ filename: 'streamed.png', sha256: sha256(pngBytes) });
    const parts = parseMultipart(await readAll(media.getStream()), multipartBoundary(media.getContentType())!);
    expect(parts[1]!.content.equals(pngBytes)).toBe(true);
    media.dispose();
  });
});

describe('uploads to the sandbox', () => {
  it('image upload answers a media_id, with the promise verb and the synchronous verb', async () => {
    const media = new MediaUtil(png);
    const answer = await instance.v3.merchant.media.upload.postAsync(upload(media));
    expect(answer.json<{ media_id: string }>().media_id).toMatch(/^[\w-]{20,}$/);
    const blocking = instance.v3.merchant.media.upload.post(upload(media));
    expect(blocking.status).toBe(200);
    expect(blocking.json<{ media_id: string }>().media_id).not.toBe(answer.json<{ media_id: string }>().media_id);
  });

  it('a MediaUtil given as `body` sets its own Content-Type: upload is one line, under both verb kinds', async () => {
    const media = new MediaUtil(png);
    const answer = await instance.v3.merchant.media.upload.postAsync({ body: media });
    expect(answer.json<{ media_id: string }>().media_id).toMatch(/^[\w-]{20,}$/);
    expect(instance.v3.merchant.media.upload.post({ body: media }).status).toBe(200);
  });

  it('marketing image upload answers a media_url; bytes and a stream with a known sha256 work too', async () => {
    const fromBytes = new MediaUtil(pngBytes, { filename: 'logo.png' });
    const answer = await instance.v3.marketing.favor.media['image-upload']!.postAsync(upload(fromBytes));
    expect(answer.json<{ media_url: string }>().media_url).toMatch(/^https:\/\/\S+$/);
    const fromStream = new MediaUtil(Readable.from([pngBytes]), { filename: 'logo.png', sha256: sha256(pngBytes) });
    expect((await instance.chain('v3/marketing/favor/media/image-upload').postAsync(upload(fromStream))).status).toBe(200);
  });

  it('complaint image upload answers a media_id (its response is signed, unlike the image downloads beside it)', async () => {
    const answer = await instance.v3.merchantService.images.upload.postAsync(upload(new MediaUtil(png)));
    expect(answer.json<{ media_id: string }>().media_id).toBeTruthy();
  });

  it('video upload of a 4 MB file with both verb kinds', async () => {
    const video = join(temp.dir, 'clip.mp4');
    writeGeneratedFile(video, 4 * 1024 * 1024);
    const media = new MediaUtil(video);
    expect((await instance.v3.merchant.media.video_upload.postAsync(upload(media))).status).toBe(200);
    expect(instance.v3.merchant.media.video_upload.post(upload(media)).status).toBe(200);
  });

  it('the sandbox rejects a meta sha256 that is not the file’s', async () => {
    const media = new MediaUtil(png, { sha256: 'a'.repeat(64) });
    const failure = await instance.v3.merchant.media.upload.postAsync(upload(media)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClientException);
    expect(failure).toMatchObject({ status: 400, errorCode: 'PARAM_ERROR', detail: { field: '/meta/sha256', location: 'body' } });
  });

  it('the sandbox rejects a missing file part with WeChat Pay’s own message, and a wrong extension', async () => {
    const meta = new MediaUtil(png).getMeta();
    const onlyMeta = `--b0\r\nContent-Disposition: form-data; name="meta";\r\nContent-Type: application/json\r\n\r\n${meta}\r\n--b0--\r\n`;
    const body = Object.defineProperty(Readable.from([Buffer.from(onlyMeta)]), SIGNED_TEXT, { value: meta });
    const failure = await instance.v3.merchant.media.upload
      .postAsync({ body, headers: { 'Content-Type': 'multipart/form-data; boundary=b0' } })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({
      status: 400,
      body: { code: 'PARAM_ERROR', message: '输入源“/body/file”映射到字段“图片文件”必填性规则校验失败，此字段为必填项', detail: { location: 'body', value: '' } },
    });

    const gif = new MediaUtil(pngBytes, { filename: 'photo.gif' });
    await expect(instance.v3.merchant.media.upload.postAsync(upload(gif))).rejects.toMatchObject({ status: 400, errorCode: 'PARAM_ERROR' });
  });

  it('the sandbox checks the signature over the meta part, not the whole body', async () => {
    const media = new MediaUtil(png);
    const wholeBody = await readAll(media.getStream());
    const body = Object.defineProperty(Readable.from([wholeBody]), SIGNED_TEXT, { value: wholeBody.toString('latin1') });
    await expect(
      instance.v3.merchant.media.upload.postAsync({ body, headers: { 'Content-Type': media.getContentType() } }),
    ).rejects.toMatchObject({ status: 401, errorCode: 'SIGN_ERROR' });
  });
});

describe('a 20 MB upload (sandbox in its own process, so this process’s memory is the client’s alone)', () => {
  const SIZE = 20 * 1024 * 1024;
  let server: { baseUri: string; stop: () => Promise<void> };
  let client: BuilderChainable;
  let video: string;
  let digest: string;

  beforeAll(async () => {
    const keys = join(temp.dir, 'keys');
    server = await startSandboxProcess(keys);
    client = Builder.factory(loadClientConfig(join(keys, 'sandbox.json')));
    video = join(temp.dir, 'big.mp4');
    digest = writeGeneratedFile(video, SIZE);
    // Warm up both verb kinds on this client (connection pools, the bridge's agent, lazily loaded code), so
    // what is measured below is the upload alone.
    await client.v3.merchant.media.upload.postAsync(upload(new MediaUtil(png)));
    client.v3.merchant.media.upload.post(upload(new MediaUtil(png)));
  }, 60_000);

  afterAll(async () => {
    await client?.getDriver().close();
    await server?.stop();
  });

  /** The sandbox reads every byte, checks the signature and the SHA-256, then applies the documented 5 MB limit. */
  const expectWholeFileArrived = (error: unknown) =>
    expect(error).toMatchObject({ status: 400, errorCode: 'PARAM_ERROR', detail: { field: '/file', value: SIZE } });

  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

  it('streams from disk under the promise verb: live memory on this thread stays far below the file size', async () => {
    const media = new MediaUtil(video);
    expect(JSON.parse(media.getMeta()).sha256).toBe(digest);
    const before = liveFootprint();
    const peak = { ...before };
    let samples = 0;
    let sampler: NodeJS.Timeout | undefined;
    // Each sample collects garbage first (two full collections, see live-memory.ts) on this very thread: sampled too often, the GC
    // pauses would starve the upload itself, so samples are 200 ms apart (after the previous one ends).
    const sample = () => {
      const now = liveFootprint();
      samples++;
      peak.rss = Math.max(peak.rss, now.rss);
      peak.heap = Math.max(peak.heap, now.heap);
      peak.buffers = Math.max(peak.buffers, now.buffers);
      sampler = setTimeout(sample, 200);
    };
    sampler = setTimeout(sample, 5);
    const failure = await client.v3.merchant.media.video_upload.postAsync(bigUpload(media)).catch((error: unknown) => error);
    clearTimeout(sampler);
    expectWholeFileArrived(failure);
    process.stdout.write(
      `20 MB upload, promise verb: peak live heap+arrayBuffers growth ${mib(peak.heap - before.heap)} over ${samples} samples (arrayBuffers ${mib(peak.buffers - before.buffers)}); rss growth ${mib(peak.rss - before.rss)}\n`,
    );
    expect(samples).toBeGreaterThan(0);
    // Measured: under 1 MiB live (the socket takes each 64 KiB chunk as it is read, and undici pauses the file
    // when it does not). RSS also counts freed chunks the allocator has not handed back yet: it only has to
    // show that the file was never held whole.
    expect(peak.heap - before.heap).toBeLessThan(SIZE / 4);
    expect(peak.rss - before.rss).toBeLessThan(SIZE);
  }, BIG_UPLOAD_SPEC_MS);

  it('streams from disk under the synchronous verb: the worker reads the file in chunks, this thread holds none of it', () => {
    const media = new MediaUtil(video);
    const before = liveFootprint();
    let failure: unknown;
    try {
      client.v3.merchant.media.video_upload.post(bigUpload(media));
    } catch (error) {
      failure = error;
    }
    const after = liveFootprint();
    expectWholeFileArrived(failure);
    process.stdout.write(`20 MB upload, synchronous verb: live heap+arrayBuffers growth ${mib(after.heap - before.heap)}; rss growth ${mib(after.rss - before.rss)}\n`);
    // rss is reported, not asserted: it also counts the bridge worker's uncollected chunks, which vary run to run.
    expect(after.heap - before.heap).toBeLessThan(SIZE / 5);
  }, BIG_UPLOAD_SPEC_MS);

  it('a file of exactly the 5 MB limit is accepted', async () => {
    const small = join(temp.dir, 'limit.mp4');
    writeGeneratedFile(small, 5 * 1024 * 1024);
    const answer = await client.v3.merchant.media.video_upload.postAsync(upload(new MediaUtil(small)));
    expect(answer.json<{ media_id: string }>().media_id).toBeTruthy();
  }, 60_000);
});
