/**
 * PHP's constructor `new MediaUtil($filepath, $fileStream)`: the first argument names the file, the second
 * carries its bytes (a Buffer, a file stream, or any stream). Each case shows the PHP line above its port.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { InvalidArgumentException, MediaUtil } from '../../lib';
import { multipartBoundary, parseMultipart } from '../../lib/sandbox/multipart';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytes = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2048, 3)]);

async function fileOf(media: MediaUtil): Promise<{ filename?: string; content: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of media.getStream()) chunks.push(Buffer.from(chunk as Uint8Array));
  const parts = parseMultipart(Buffer.concat(chunks), multipartBoundary(media.getContentType())!);
  return parts[1]!;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'media-php-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('new MediaUtil(filename, stream | Buffer)', () => {
  it('a Buffer: meta names the file, the file part carries the bytes', async () => {
    // $media = new MediaUtil('logo.png', Utils::streamFor($bytes));
    const media = new MediaUtil('logo.png', bytes);
    expect(media.getMeta()).toBe(JSON.stringify({ filename: 'logo.png', sha256: sha256(bytes) }));
    expect(await fileOf(media)).toMatchObject({ filename: 'logo.png', content: bytes });
  });

  it('the base name of a path (file:// too) names the file, which need not exist', () => {
    // new MediaUtil('file:///tmp/uploads/logo.png', $stream): basename($filepath)
    expect(JSON.parse(new MediaUtil('file:///nowhere/uploads/logo.png', bytes).getMeta()).filename).toBe('logo.png');
    expect(JSON.parse(new MediaUtil('/nowhere/photo.jpg', bytes).getMeta()).filename).toBe('photo.jpg');
  });

  it('a file stream is read from its file, synchronously, under another name', async () => {
    const path = join(dir, 'upload.bin');
    writeFileSync(path, bytes);
    // $media = new MediaUtil('logo.png', new LazyOpenStream($path, 'rb'));
    const media = new MediaUtil('logo.png', createReadStream(path));
    expect(JSON.parse(media.getMeta())).toEqual({ filename: 'logo.png', sha256: sha256(bytes) });
    expect((await fileOf(media)).content.equals(bytes)).toBe(true);
  });

  it('any other stream is read in the background: await media.ready(), then use it like the others', async () => {
    const stream = new PassThrough();
    // $media = new MediaUtil('logo.png', $stream);
    const media = new MediaUtil('logo.png', stream);
    expect(() => media.getMeta()).toThrow(InvalidArgumentException);
    expect(() => media.getMeta()).toThrow(/still being read.*await media\.ready\(\)/);
    stream.end(bytes);
    expect(await media.ready()).toBe(media);
    expect(JSON.parse(media.getMeta())).toEqual({ filename: 'logo.png', sha256: sha256(bytes) });
    expect((await fileOf(media)).content.equals(bytes)).toBe(true);
    media.dispose();
  });

  it('a stream that fails is reported by ready() and by every later use', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    const media = new MediaUtil('logo.png', failing);
    await expect(media.ready()).rejects.toThrow(/reading the stream failed: disk gone/);
    expect(() => media.getStream()).toThrow(/disk gone/);
  });

  it('the name must be a name', () => {
    expect(() => new MediaUtil(bytes as unknown as string, bytes)).toThrow(/first one is the file name/);
  });
});
