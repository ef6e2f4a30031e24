/** Shared by the media, bill and CLI specs: temp dirs, generated files, captured command output, CLI processes. */
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIo } from '../../lib/cli/io';

/** A fresh directory, removed by the returned cleanup. */
export function tempDir(prefix = 'wechatpay-files-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `size` random bytes chunk by chunk, never holding the file, and returns its SHA-256 computed on the way. */
export function writeGeneratedFile(path: string, size: number): string {
  const digest = createHash('sha256');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (let written = 0; written < size; ) {
      randomFillSync(chunk);
      const piece = chunk.subarray(0, Math.min(chunk.length, size - written));
      writeSync(fd, piece);
      digest.update(piece);
      written += piece.length;
    }
  } finally {
    closeSync(fd);
  }
  return digest.digest('hex');
}

/** A CommandIo that records what a command prints. */
export function captureIo(interactive = false): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    interactive,
    out: () => out,
    err: () => err,
  };
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ENTRY = join(__dirname, 'files-cli-entry.cjs');

/** Runs `wechatpay-ts …args` (from source) in a real child process and collects its output. */
export function runCli(args: readonly string[], timeoutMs = 60_000): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `wechatpay-ts sandbox` in its own process (so its memory is not this process's); resolves once it listens. */
export function startSandboxProcess(keysDir: string, mode: 'pubkey' | 'cert' = 'pubkey'): Promise<{ baseUri: string; pid: number; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, 'sandbox', '--port', '0', '--keys', keysDir, '--mode', mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('close', () => done());
        child.kill('SIGTERM');
      });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve({ baseUri: line.trim(), pid: child.pid!, stop });
    });
    child.on('close', (code) => reject(new Error(`sandbox exited (${code}) before listening: ${stderr}`)));
  });
}
