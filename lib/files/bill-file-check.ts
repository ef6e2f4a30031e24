/**
 * The synchronous download's second half: the worker thread has streamed the raw answer into a file; this
 * digests it (and un-gzips it when asked) without holding it whole, and without the event loop.
 *
 * A plain bill is read in chunks with `readSync`. Node has no public synchronous *streaming* gunzip
 * (`gunzipSync` takes and returns whole buffers), so a gzip bill is decompressed by a short-lived `node`
 * child running the ordinary gunzip → hash (→ file) pipeline; `spawnSync` blocks as a sync verb should, and
 * memory stays flat for a bill of any size. The cost is one process start (~50 ms) per gzip bill.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { TransferException } from '../errors';
import { isGzip, type ProgressListener } from './bill-stages';

const CHUNK_BYTES = 1024 * 1024;

export interface CheckedFile {
  readonly gzip: boolean;
  /** The file holding what is to be saved: the raw file, or the decompressed one made beside it. */
  readonly output: string;
  /** Size of `output`. */
  readonly bytes: number;
  /** Digest of the bill as generated (decompressed). */
  readonly digest: string;
}

/**
 * Digests the raw download at `raw`. A gzip file is decompressed for the digest and, when `decompressTo`
 * is given, into that new file too. `onProgress` follows the raw file as it is read (a gzip file: once, at the end).
 */
export function checkFileSync(raw: string, algorithm: string, decompressTo: string | undefined, onProgress: ProgressListener | undefined): CheckedFile {
  const fd = openSync(raw, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(2);
    const gzip = isGzip(head.subarray(0, readSync(fd, head, 0, 2, 0)));
    if (gzip) {
      const { digest, bytes } = gunzipInChild(raw, algorithm, decompressTo);
      onProgress?.(size, size);
      return decompressTo === undefined ? { gzip, output: raw, bytes: size, digest } : { gzip, output: decompressTo, bytes, digest };
    }
    return { gzip, output: raw, bytes: size, digest: digestFile(fd, size, algorithm, onProgress) };
  } finally {
    closeSync(fd);
  }
}

function digestFile(fd: number, size: number, algorithm: string, onProgress: ProgressListener | undefined): string {
  const hash = createHash(algorithm);
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, 1)));
  for (let position = 0; position < size; ) {
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) break;
    hash.update(chunk.subarray(0, read));
    position += read;
    onProgress?.(position, size);
  }
  return hash.digest('hex');
}

/** Runs in the child: argv = [source, output ('' = none), algorithm]; prints `{digest, bytes}` or the error as JSON. */
const GUNZIP_SCRIPT = `
const { createReadStream, createWriteStream } = require('node:fs');
const { createHash } = require('node:crypto');
const { Transform, Writable, pipeline } = require('node:stream');
const { createGunzip } = require('node:zlib');
const [source, output, algorithm] = process.argv.slice(1);
const hash = createHash(algorithm);
let bytes = 0;
const tap = new Transform({ transform(chunk, _e, done) { hash.update(chunk); bytes += chunk.length; done(null, chunk); } });
const sink = output ? createWriteStream(output, { flags: 'wx' }) : new Writable({ write(_c, _e, done) { done(); } });
pipeline(createReadStream(source), createGunzip(), tap, sink, (error) => {
  if (error) { process.stdout.write(JSON.stringify({ error: { message: error.message, code: error.code } })); process.exitCode = 1; }
  else process.stdout.write(JSON.stringify({ digest: hash.digest('hex'), bytes }));
});
`;

interface ChildAnswer {
  digest?: string;
  bytes?: number;
  error?: { message: string; code?: string };
}

function gunzipInChild(source: string, algorithm: string, output: string | undefined): { digest: string; bytes: number } {
  // No inherited NODE_OPTIONS: loaders and preloads of the parent (tsx, jest) only slow the child down.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const child = spawnSync(process.execPath, ['-e', GUNZIP_SCRIPT, source, output ?? '', algorithm], { encoding: 'utf8', env, windowsHide: true });
  let answer: ChildAnswer | undefined;
  try {
    answer = JSON.parse(child.stdout ?? '') as ChildAnswer;
  } catch {
    answer = undefined;
  }
  if (answer?.digest !== undefined && answer.bytes !== undefined) return { digest: answer.digest, bytes: answer.bytes };
  const why = answer?.error?.message ?? child.error?.message ?? ((child.stderr ?? '').trim() || `exit status ${child.status}`);
  throw new TransferException(`The gzip bill could not be decompressed: ${why}.`, answer?.error?.code === undefined ? { cause: child.error } : { code: answer.error.code });
}
