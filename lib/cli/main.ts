/**
 * `wechatpay-ts <command>`: dispatches to the sandbox, the certificate downloader and the request tool.
 * Each command returns its exit code; errors are one line on stderr (a stack only with `--debug`).
 */
import { runSandboxCommand } from '../sandbox/cli';
import { runCertificatesCommand } from './certificates';
import { runRequestCommand } from './request';

type Command = (argv: string[]) => Promise<number | void>;

const COMMANDS: Record<string, { run: () => Promise<Command>; summary: string }> = {
  sandbox: { run: async () => runSandboxCommand, summary: 'start the local WeChat-Pay-compatible server' },
  certificates: { run: async () => runCertificatesCommand, summary: 'download, decrypt and verify the platform certificates' },
  request: { run: async () => runRequestCommand, summary: 'make one signed, verified call by hand' },
};

const USAGE = `Usage: wechatpay-ts <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)}${c.summary}`).join('\n')}

Run \`wechatpay-ts <command> --help\` for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`wechatpay-ts: unknown command \`${name}\`\n${USAGE}\n`);
    return 2;
  }
  try {
    const code = await (await command.run())(rest);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    const debug = rest.includes('--debug');
    process.stderr.write(`wechatpay-ts ${name}: ${debug && error instanceof Error ? error.stack : (error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}
