/**
 * `wechatpay-ts sandbox [--port 8765] [--mode pubkey|cert] [--keys DIR] [--data FILE]
 * [--unknown-openid unauthorized|not_found] [--host 127.0.0.1]`: runs the sandbox until SIGINT, SIGTERM
 * or SIGHUP, or until its parent process has gone (orphaned), and writes `DIR/sandbox.json`, everything an app in any language needs to use it.
 */
import { watchParent } from './parent-watch';
import { Sandbox, type SandboxOptions } from './sandbox';
import { sandboxJsonOf, writeSandboxJson, type SandboxJson } from './sandbox-json';

export type { SandboxJson } from './sandbox-json';

export interface SandboxCommandIo {
  readonly stdout?: (line: string) => void;
  readonly stderr?: (line: string) => void;
  /** Stops the sandbox when aborted (in addition to SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  /** Listen for SIGINT/SIGTERM; on by default. */
  readonly handleSignals?: boolean;
}

const USAGE =
  'usage: wechatpay-ts sandbox [--port 8765] [--mode pubkey|cert] [--keys DIR] [--data FILE] ' +
  '[--unknown-openid unauthorized|not_found] [--host 127.0.0.1]';
/** Ctrl-C, `kill`, and a closed terminal. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const DEFAULTS = { port: 8765, mode: 'pubkey', keys: '.wechatpay-sandbox' } as const;

interface CommandOptions {
  port: number;
  host: string;
  mode: 'pubkey' | 'cert';
  keys: string;
  data?: string;
  unknownOpenid: 'unauthorized' | 'not_found';
}

/** Runs the command; resolves with the exit code once the sandbox has stopped (or failed to start). */
export async function runSandboxCommand(argv: readonly string[], io: SandboxCommandIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stderr = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  let options: CommandOptions | 'help';
  try {
    options = parseArguments(argv);
  } catch (error) {
    stderr(`wechatpay-ts sandbox: ${(error as Error).message}`);
    return 2;
  }
  if (options === 'help') {
    stdout(USAGE);
    return 0;
  }

  let sandbox: Sandbox;
  try {
    const start: SandboxOptions = {
      port: options.port,
      host: options.host,
      mode: options.mode,
      keysDir: options.keys,
      unknownOpenid: options.unknownOpenid,
      thread: 'main', // nothing else runs in this process to block it
      ...(options.data === undefined ? {} : { dataFile: options.data }),
    };
    sandbox = await Sandbox.start(start);
  } catch (error) {
    stderr(`wechatpay-ts sandbox: cannot start: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  }
  const settingsFile = writeSandboxJson(options.keys, sandboxJson(sandbox, options.keys));
  stdout(sandbox.baseUri);
  stdout(`console: ${sandbox.consoleUrl}`);
  stdout(`WeChat Pay sandbox (${sandbox.mode} mode, mchid ${sandbox.mchid}); client settings in ${settingsFile}. Ctrl-C stops it.`);

  await new Promise<void>((done) => {
    let unwatch = (): void => undefined;
    const stop = (): void => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      unwatch();
      io.signal?.removeEventListener('abort', stop);
      done();
    };
    if (io.handleSignals !== false) {
      for (const signal of STOP_SIGNALS) process.once(signal, stop);
      // Orphaned (npm's wrapper killed without passing the signal on): stop too.
      unwatch = watchParent(() => {
        stderr('wechatpay-ts sandbox: the parent process has gone; stopping.');
        stop();
      });
    }
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  await sandbox.stop();
  stdout('sandbox stopped');
  return 0;
}

export function sandboxJson(sandbox: Sandbox, keysDir: string): SandboxJson {
  return sandboxJsonOf(sandbox.baseUri, sandbox.mode, sandbox.keys, keysDir);
}

function parseArguments(argv: readonly string[]): CommandOptions | 'help' {
  const options: CommandOptions = { port: DEFAULTS.port, host: '127.0.0.1', mode: DEFAULTS.mode, keys: DEFAULTS.keys, unknownOpenid: 'unauthorized' };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--help' || argument === '-h') return 'help';
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
    const value = (): string => {
      const next = inline ?? argv[++index];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value. ${USAGE}`);
      return next;
    };
    switch (flag) {
      case '--port': {
        const text = value();
        const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
        if (!(port >= 0 && port <= 65535)) throw new Error(`--port must be a number from 0 to 65535, got '${text}'.`);
        options.port = port;
        break;
      }
      case '--mode': {
        const mode = value();
        if (mode !== 'pubkey' && mode !== 'cert') throw new Error(`--mode must be pubkey or cert, got '${mode}'.`);
        options.mode = mode;
        break;
      }
      case '--unknown-openid': {
        const behaviour = value();
        if (behaviour !== 'unauthorized' && behaviour !== 'not_found') {
          throw new Error(`--unknown-openid must be unauthorized or not_found, got '${behaviour}'.`);
        }
        options.unknownOpenid = behaviour;
        break;
      }
      case '--keys':
        options.keys = value();
        break;
      case '--data':
        options.data = value();
        break;
      case '--host':
        options.host = value();
        break;
      case '--debug': // understood by the `wechatpay-ts` dispatcher (stacks on failure); nothing to do here
        break;
      default:
        throw new Error(`unknown option '${argument}'. ${USAGE}`);
    }
  }
  return options;
}
