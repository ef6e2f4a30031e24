/**
 * `WeChatPay\Util\MediaUtil`: the multipart body of a media upload (docs/protocol.md §7). The wire
 * carries `meta` then `file`; the signature covers only the `meta` JSON, which the body stream
 * exposes through `SIGNED_TEXT`, so the ordinary signer signs the right text.
 *
 *   const media = new MediaUtil('file:///path/to/photo.jpg');
 *   await instance.v3.merchant.media.upload.postAsync({ body: media.getStream(), headers: { 'Content-Type': media.getContentType() } });
 *
 * Large files are never read whole: the hash is computed in chunks and the body is a `partsBody`, which
 * the promise verbs stream and the synchronous verbs hand to their worker as a file range.
 *
 * PHP's form `new MediaUtil(filename, stream | Buffer)` names the file by the first argument and takes the
 * bytes from the second. A stream's SHA-256 must be known before anything is signed, and Node cannot read
 * a stream synchronously as PHP does: a file stream is used as its file, other streams are spooled to a
 * temporary file in the background (`await media.ready()` before the upload). An arbitrary Readable may
 * also come with its `sha256` in `meta` (sent as is, promise verbs only), or go through `MediaUtil.fromStream()`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync, ReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentException } from '../errors';
import { SIGNED_TEXT } from '../message/request-body';
import { partsBody } from '../transport/parts-body';

/** What a media file may come from: a path (`file://` or plain), its bytes, or a stream. */
export type MediaSource = string | URL | Uint8Array | Readable;

/** Meta keys: `filename` and `sha256` are computed unless given; others (`bank_type`, …) are sent as they are. */
export type MediaMeta = { filename?: string; sha256?: string } & Record<string, unknown>;

const CHUNK_BYTES = 1024 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Content types by extension, for the `file` part (what the upload endpoints accept, and a few more). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.bmp': 'image/bmp',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.avi': 'video/x-msvideo',
  '.wmv': 'video/x-ms-wmv',
  '.mpeg': 'video/mpeg',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.flv': 'video/x-flv',
  '.f4v': 'video/x-f4v',
  '.m4v': 'video/x-m4v',
  '.rmvb': 'application/vnd.rn-realmedia-vbr',
};

/** Where the file bytes are: on disk (hashed in chunks, streamed in chunks), in memory, or a one-shot stream. */
type FileContent =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'stream'; readonly stream: Readable };

/** A stream being written to a temporary file while it is hashed. */
interface Spooled {
  readonly dir: string;
  readonly path: string;
  readonly sha256: string;
}

export class MediaUtil {
  #content: FileContent;
  readonly #filename: string;
  readonly #boundary = randomBytes(20).toString('hex');
  #extra: Record<string, unknown>;
  #sha256: string | undefined;
  /** Text given to setMeta(string): replaces the computed meta entirely (PHP's setMeta). */
  #metaText: string | undefined;
  #streamUsed = false;
  #spoolDir: string | undefined;
  /** Set while the stream of `new MediaUtil(filename, stream)` is being spooled; settles when it is on disk. */
  #spooling: Promise<void> | undefined;
  #spoolError: unknown;

  /**
   * @param source a path (`/a/b.jpg` or `file:///a/b.jpg`), the file's bytes, or a stream. Bytes and
   *   non-file streams need `meta.filename`; a non-file stream also needs `meta.sha256` (or use `fromStream`).
   *   With PHP's form, the file name (a path's base name is used).
   * @param meta extra meta keys, or the whole meta JSON text; or, as in PHP, the file's bytes or stream.
   */
  constructor(source: MediaSource, meta?: MediaMeta | string | Uint8Array | Readable) {
    if (meta instanceof Uint8Array || meta instanceof Readable) {
      // PHP: new MediaUtil($filepath, $fileStream)
      this.#filename = phpFilename(source);
      const content = contentOf(meta);
      this.#extra = {};
      if (content.kind !== 'stream') {
        this.#content = content;
        return;
      }
      this.#content = { kind: 'bytes', bytes: new Uint8Array(0) }; // replaced once the stream is on disk
      this.#spooling = spool(content.stream).then(
        (spooled) => {
          this.#content = { kind: 'path', path: spooled.path };
          this.#sha256 = spooled.sha256;
          this.#spoolDir = spooled.dir;
          this.#spooling = undefined;
        },
        (error: unknown) => {
          this.#spoolError = error;
        },
      );
      return;
    }
    const given = parseMeta(meta);
    this.#content = contentOf(source);
    this.#filename = filenameOf(this.#content, given.filename);
    if (given.sha256 !== undefined) {
      if (typeof given.sha256 !== 'string' || !SHA256_HEX.test(given.sha256)) {
        throw new InvalidArgumentException('MediaUtil: `meta.sha256` must be the 64 hex digits of the file\'s SHA-256.');
      }
      this.#sha256 = given.sha256.toLowerCase();
    }
    if (this.#content.kind === 'stream' && this.#sha256 === undefined) {
      throw new InvalidArgumentException(
        'MediaUtil: the SHA-256 of a stream must be known before the request is signed: give `meta.sha256`, ' +
          'pass the path or a Buffer, or use `await MediaUtil.fromStream(stream, { filename })`, which spools it to a temporary file.',
      );
    }
    this.#extra = extraKeys(given);
    if (typeof meta === 'string') this.#metaText = meta;
  }

  /**
   * A MediaUtil over any stream: the stream is written to a temporary file while its SHA-256 is computed,
   * then uploaded from there (with either verb kind). Call `dispose()` after the upload to remove the file;
   * it is also removed when the process exits.
   */
  static async fromStream(stream: Readable, meta: MediaMeta & { filename: string }): Promise<MediaUtil> {
    if (!(stream instanceof Readable)) throw new InvalidArgumentException('MediaUtil.fromStream expects a Readable stream.');
    const filename = checkedFilename(meta?.filename);
    const spooled = await spool(stream);
    const media = new MediaUtil(spooled.path, { ...meta, filename, sha256: spooled.sha256 });
    media.#spoolDir = spooled.dir;
    return media;
  }

  /**
   * Resolves (with this MediaUtil) once the file is ready to sign and send: at once, except after
   * `new MediaUtil(filename, stream)` with a non-file stream, which is read in the background first.
   */
  async ready(): Promise<this> {
    await this.#spooling;
    this.#checkReady();
    return this;
  }

  #checkReady(): void {
    if (this.#spoolError !== undefined) {
      throw new InvalidArgumentException(`MediaUtil: reading the stream failed: ${(this.#spoolError as Error)?.message ?? String(this.#spoolError)}`, { cause: this.#spoolError });
    }
    if (this.#spooling !== undefined) {
      throw new InvalidArgumentException(
        'MediaUtil: the stream given to new MediaUtil(filename, stream) is still being read (Node cannot read a stream synchronously, as PHP does). ' +
          '`await media.ready()` before getMeta()/getStream(), or pass a Buffer or a file stream.',
      );
    }
  }

  /** The `meta` JSON text: `{"filename":…,"sha256":…}` plus extra keys; the text the request signature covers. */
  getMeta(): string {
    this.#checkReady();
    if (this.#metaText !== undefined) return this.#metaText;
    return phpJson({ filename: this.#filename, sha256: this.#hash(), ...this.#extra });
  }

  /**
   * Replaces the meta: a JSON text is used exactly as given (PHP's `setMeta`, e.g. to add `bank_type`);
   * an object adds its keys to the computed `filename` and `sha256`. Returns the length of the meta text.
   */
  setMeta(meta: string | Record<string, unknown>): number {
    if (typeof meta === 'string') {
      parseMeta(meta);
      this.#metaText = meta;
    } else {
      const given = parseMeta(meta);
      if (given.filename !== undefined || given.sha256 !== undefined) {
        throw new InvalidArgumentException('MediaUtil.setMeta: `filename` and `sha256` are computed from the file; pass the whole JSON text to override them.');
      }
      this.#extra = { ...this.#extra, ...extraKeys(given) };
      this.#metaText = undefined;
    }
    return Buffer.byteLength(this.getMeta());
  }

  /** `multipart/form-data; boundary=…`, for the request's Content-Type header. */
  getContentType(): string {
    return `multipart/form-data; boundary=${this.#boundary}`;
  }

  /** The name the `file` part carries. */
  getFilename(): string {
    return this.#filename;
  }

  /**
   * A fresh multipart body (each call builds a new one, as a stream can be read once), carrying its
   * signed text. A body over a one-shot stream can be made only once.
   */
  getStream(): Readable {
    const meta = this.getMeta();
    const head = Buffer.from(
      `--${this.#boundary}\r\n` +
        'Content-Disposition: form-data; name="meta";\r\n' +
        'Content-Type: application/json\r\n\r\n' +
        `${meta}\r\n` +
        `--${this.#boundary}\r\n` +
        `Content-Disposition: form-data; name="file"; filename="${quoted(this.#filename)}"\r\n` +
        `Content-Type: ${contentTypeOf(this.#filename)}\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${this.#boundary}--\r\n`);
    const body = this.#body(head, tail);
    Object.defineProperty(body, SIGNED_TEXT, { value: meta, enumerable: false });
    return body;
  }

  /** Removes the temporary file of `fromStream()`; nothing to do otherwise. */
  dispose(): void {
    if (this.#spoolDir === undefined) return;
    rmSync(this.#spoolDir, { recursive: true, force: true });
    spoolDirs.delete(this.#spoolDir);
    this.#spoolDir = undefined;
  }

  #body(head: Buffer, tail: Buffer): Readable {
    const content = this.#content;
    if (content.kind === 'path') return partsBody([head, { file: content.path }, tail]);
    if (content.kind === 'bytes') return partsBody([head, content.bytes, tail]);
    if (this.#streamUsed) throw new InvalidArgumentException('MediaUtil: a stream source can be uploaded once; make a new MediaUtil (or use fromStream) to send it again.');
    this.#streamUsed = true;
    const { stream } = content;
    return Readable.from(
      (async function* () {
        yield head;
        yield* stream;
        yield tail;
      })(),
      { objectMode: false },
    );
  }

  #hash(): string {
    if (this.#sha256 === undefined) {
      const content = this.#content;
      // A stream source always has its sha256 from the constructor.
      this.#sha256 = content.kind === 'path' ? hashFile(content.path) : createHash('sha256').update((content as { bytes: Uint8Array }).bytes).digest('hex');
    }
    return this.#sha256;
  }
}

/** PHP names the file `basename($filepath)`; the path need not exist when the bytes come separately. */
function phpFilename(source: MediaSource): string {
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new InvalidArgumentException('MediaUtil: with the bytes or stream as second argument, the first one is the file name (e.g. "photo.jpg").');
  }
  return checkedFilename(basename(pathOf(source)));
}

/** Writes `stream` to a new temporary file, hashing it on the way. */
async function spool(stream: Readable): Promise<Spooled> {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-media-'));
  removeAtExit(dir);
  const path = join(dir, 'upload');
  const hash = createHash('sha256');
  try {
    await pipeline(
      stream,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(path),
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    spoolDirs.delete(dir);
    throw error;
  }
  return { dir, path, sha256: hash.digest('hex') };
}

function contentOf(source: MediaSource): FileContent {
  if (typeof source === 'string' || source instanceof URL) return fileContent(pathOf(source));
  if (source instanceof Uint8Array) return { kind: 'bytes', bytes: source };
  // An unread file stream is just its file: hashed and sent from disk, usable with synchronous verbs too.
  if (source instanceof ReadStream && typeof source.path === 'string' && !source.readableDidRead) {
    const range = source as ReadStream & { start?: number; end?: number };
    if ((range.start ?? 0) === 0 && (range.end === undefined || range.end === Infinity)) {
      source.destroy();
      return fileContent(source.path);
    }
  }
  if (source instanceof Readable) return { kind: 'stream', stream: source };
  throw new InvalidArgumentException('MediaUtil expects a file path, a Buffer/Uint8Array or a Readable stream.');
}

function pathOf(source: string | URL): string {
  if (source instanceof URL || /^file:\/\//i.test(source)) {
    try {
      return fileURLToPath(source);
    } catch (cause) {
      throw new InvalidArgumentException(`MediaUtil: \`${String(source)}\` is not a usable file:// URL.`, { cause });
    }
  }
  if (source === '') throw new InvalidArgumentException('MediaUtil: the file path is empty.');
  return source;
}

function fileContent(path: string): FileContent {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    throw new InvalidArgumentException(`MediaUtil: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error });
  }
  if (!isFile) throw new InvalidArgumentException(`MediaUtil: ${path} is not a regular file.`);
  return { kind: 'path', path };
}

function filenameOf(content: FileContent, given: unknown): string {
  if (given !== undefined) return checkedFilename(given);
  if (content.kind === 'path') return basename(content.path);
  throw new InvalidArgumentException('MediaUtil: bytes or a stream need `meta.filename` (e.g. { filename: "photo.jpg" }): WeChat Pay checks its extension.');
}

function checkedFilename(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentException('MediaUtil: `meta.filename` must be a non-empty file name such as "photo.jpg".');
  return value;
}

/** The keys sent as given, beside the computed `filename` and `sha256`. */
function extraKeys(meta: MediaMeta): Record<string, unknown> {
  return Object.fromEntries(Object.entries(meta).filter(([key]) => key !== 'filename' && key !== 'sha256'));
}

function parseMeta(meta: MediaMeta | string | undefined): MediaMeta {
  if (meta === undefined || meta === null) return {};
  if (typeof meta === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(meta);
    } catch {
      throw new InvalidArgumentException('MediaUtil: the meta text is not valid JSON.');
    }
    return parseMeta(parsed as MediaMeta);
  }
  if (typeof meta !== 'object' || Array.isArray(meta)) throw new InvalidArgumentException('MediaUtil: meta must be a JSON object (or its text).');
  return meta;
}

/** SHA-256 of a file, read synchronously in 1 MiB chunks: getMeta() stays synchronous without loading the file. */
function hashFile(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function contentTypeOf(filename: string): string {
  return CONTENT_TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

/** A file name inside a quoted header parameter: quotes and line breaks percent-encoded, as browsers do. */
function quoted(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** JSON as PHP's `json_encode` writes it by default (`/` → `\/`, non-ASCII → `\uXXXX`), so the meta matches the PHP SDK's byte for byte. */
function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const spoolDirs = new Set<string>();
function removeAtExit(dir: string): void {
  if (spoolDirs.size === 0) process.once('exit', () => spoolDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  spoolDirs.add(dir);
}
