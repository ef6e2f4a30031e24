/**
 * Command-line options, the small common subset of getopt: `--name value`, `--name=value`, `-k value`,
 * `-k=value` (PHP's getopt strips the `=`, so CertificateDownloader habits work), boolean flags, and
 * dotted names (`--query.mchid 1900000109`) kept whole for the command to nest.
 */
import { InvalidArgumentException } from '../errors';

/** Bad command-line input: printed as one line, exit code 2. */
export class UsageError extends InvalidArgumentException {
  static override readonly brandName: string = 'CliUsageError';
}

export interface OptionSpec {
  /** Single-letter aliases: `{ k: 'key' }`. */
  readonly short?: Readonly<Record<string, string>>;
  /** Other spellings of a long name: `{ 'base-uri': 'baseuri' }`. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Flags that take no value. */
  readonly booleans?: readonly string[];
  /** Every long name the command knows (after aliases); absent: any name is accepted and checked by the command. */
  readonly names?: readonly string[];
}

export interface ParsedArgs {
  readonly positionals: string[];
  /** Option values by canonical long name, in order of appearance; a repeated option keeps its last value. */
  readonly options: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    const match = /^(?:--([^=]+)|-([A-Za-z]))(?:=(.*))?$/s.exec(argument);
    if (!match) {
      if (argument.startsWith('-') && argument.length > 1) throw new UsageError(`unknown option \`${argument}\``);
      positionals.push(argument);
      continue;
    }
    const [, long, short, inline] = match;
    const name = short !== undefined ? spec.short?.[short] : (spec.aliases?.[long!] ?? long!);
    if (name === undefined || (spec.names !== undefined && !spec.names.includes(name))) {
      throw new UsageError(`unknown option \`${argument.split('=')[0]}\``);
    }
    if (spec.booleans?.includes(name)) {
      if (inline !== undefined) throw new UsageError(`option \`${argument.split('=')[0]}\` takes no value`);
      options.set(name, true);
      continue;
    }
    const value = inline ?? argv[index + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`option \`${argument}\` needs a value`);
    if (inline === undefined) index++;
    options.delete(name); // re-inserted last, so order of appearance reflects the value kept
    options.set(name, value);
  }
  return { positionals, options };
}

/** The string value of `name`, or undefined; `true` (a bare boolean) is a usage error here. */
export function stringOption(args: ParsedArgs, name: string, flag: string): string | undefined {
  const value = args.options.get(name);
  if (value === true) throw new UsageError(`option \`${flag}\` needs a value`);
  return value;
}
