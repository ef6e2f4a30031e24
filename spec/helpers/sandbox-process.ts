/** `wechatpay-ts sandbox` as its own process (under tsx, from sources), started and ready to serve. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { saveSandboxKeys } from '../../lib/sandbox';
import { sandboxKeys } from './sandbox-keys';

export interface SandboxProcess {
  readonly baseUri: string;
  /** Everything the process printed so far. */
  stdout(): string;
  /** Resolves with the exit code. */
  readonly exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Saves this run's sandbox keys into `dir`, starts the command on a free port and waits for its banner. */
export async function startSandboxProcess(dir: string): Promise<SandboxProcess> {
  saveSandboxKeys(dir, await sandboxKeys());
  const script = join(dir, 'run.ts');
  writeFileSync(
    script,
    `import { runSandboxCommand } from ${JSON.stringify(resolve(__dirname, '../../lib/sandbox/cli'))};\n` +
      `runSandboxCommand(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n`,
  );
  const child = spawn(resolve(__dirname, '../../node_modules/.bin/tsx'), [script, '--port', '0', '--keys', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', () => stdout.includes('Ctrl-C') && ready());
    void exit.then(() => fail(new Error(`exited early: ${stdout}`)));
  });
  return { baseUri: stdout.split('\n')[0]!, stdout: () => stdout, exit, kill: (signal) => child.kill(signal) };
}
