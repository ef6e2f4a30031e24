/**
 * How a command talks to its terminal, injectable so tests can run commands in-process, and the one
 * place that turns a failure into WeChat-Pay-CLI style output: one line on stderr, the stack only with
 * `--debug`, exit code 2 for bad usage and 1 for anything else.
 */
import { UsageError } from './args';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars redraw in place only there). */
  readonly interactive: boolean;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
};

/** Runs a command body, reporting any error as one line (with the stack under `--debug`). */
export async function runReporting(command: string, argv: readonly string[], io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const debug = argv.includes('--debug');
    const firstLine = oneLine(error);
    const hint = error instanceof UsageError ? ` (see \`wechatpay-ts ${command} --help\`)` : '';
    io.stderr(`wechatpay-ts ${command}: ${debug && error instanceof Error && error.stack ? error.stack : firstLine + hint}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** The first line of the message; for an error reply, WeChat Pay's code and message instead of the body dump. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0]!.trim().replace(/:$/, '');
  const { errorCode, errorMessage } = (error ?? {}) as { errorCode?: unknown; errorMessage?: unknown };
  return typeof errorCode === 'string' ? `${first}: ${errorCode} ${typeof errorMessage === 'string' ? errorMessage : ''}`.trimEnd() : first;
}
