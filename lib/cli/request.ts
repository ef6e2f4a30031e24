/**
 * `wechatpay-ts request <endpoint> --config FILE [--method get] [--VARIABLE value] [--query.NAME value]
 * [--json '{…}'] [--sync] [--download FILE [--gunzip]] [--debug]`: one call by hand, through the same chain,
 * signer and verifier as code; prints the status, the headers and the verified body.
 *
 *   wechatpay-ts request v3.pay.transactions.id._transaction_id_ --config cfg.json \
 *     --transaction_id 4200000985202103031441826014 --query.mchid 1900000109
 */
import type { BuilderChainable } from '../builder/chainable';
import { Builder } from '../builder/builder';
import { OPTION_NAMES, type VerbOptions } from '../client/options';
import { RequestException } from '../errors';
import { downloadBill, downloadBillSync } from '../files/download-bill';
import type { Response } from '../message/response';
import { variableNames } from '../template/variables';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { loadClientConfig } from './config-file';
import { processIo, runReporting, type CommandIo } from './io';
import { progressBar } from './progress-bar';

const USAGE = `Usage: wechatpay-ts request <endpoint> --config FILE [--method get|post|put|patch|delete] [options]

<endpoint> is a property chain (v3.pay.transactions.id._transaction_id_) or a path (v3/pay/transactions/id/{transaction_id}).

  --config FILE          JSON config as Builder.factory takes it (keys as file:// paths), or a sandbox.json
  --method VERB          the HTTP verb (default get)
  --NAME VALUE           a template variable, e.g. --transaction_id 4200000985202103031441826014
  --query.NAME VALUE     a query parameter (or --query 'a=1&b=2')
  --headers.NAME VALUE   a request header
  --json TEXT            a JSON body;  --body TEXT  a raw body
  --timeout SECONDS      seconds for the exchange (fractions allowed), as Guzzle's timeout
  --sync                 use the synchronous verb (get() instead of getAsync())
  --download FILE        the answer has a download_url (tradebill, fundflowbill): save that bill to FILE
  --gunzip               with --download: save a gzip bill decompressed
  --debug                print the exchange, and stack traces on failure
  -h, --help             this text`;

/** Options of the command itself; every other option goes into the verb's options. */
const CONTROL = new Set(['help', 'config', 'method', 'sync', 'debug', 'download', 'gunzip']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];
/** Verb options that may be given key by key with a dotted name. */
const NESTABLE = new Set(['query', 'headers', 'xml']);

export async function runRequestCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  return runReporting('request', argv, io, async () => {
    const args = parseArgs(argv, { short: { h: 'help' }, booleans: ['help', 'sync', 'debug', 'gunzip'] });
    if (args.options.has('help')) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const [endpoint, ...extra] = args.positionals;
    if (endpoint === undefined) throw new UsageError('missing <endpoint>, e.g. v3.pay.transactions.id._transaction_id_');
    if (extra.length > 0) throw new UsageError(`unexpected argument \`${extra[0]}\``);
    const configFile = stringOption(args, 'config', '--config');
    if (configFile === undefined) throw new UsageError('missing --config FILE');
    const method = methodOf(stringOption(args, 'method', '--method') ?? 'get');
    const sync = args.options.has('sync');
    const download = stringOption(args, 'download', '--download');

    const instance = Builder.factory(loadClientConfig(configFile));
    try {
      const node = nodeOf(instance, endpoint);
      const options = verbOptions(args, variableNames(node.pathname), io);
      let response: Response;
      try {
        response = sync ? node[method](options) : await node[`${method}Async`](options);
      } catch (error) {
        if (error instanceof RequestException && error.hasResponse()) io.stdout(render(error.getResponse()!));
        throw error;
      }
      if (download === undefined) {
        io.stdout(render(response));
        return 0;
      }
      const settings = { to: download, gunzip: args.options.has('gunzip'), onProgress: progressBar(io, 'bill') };
      const saved = sync ? downloadBillSync(instance, response, settings) : await downloadBill(instance, response, settings);
      io.stdout(`Saved the bill to ${download}: ${saved.bytes} bytes${saved.gunzipped ? ' (decompressed)' : saved.gzip ? ' (gzip)' : ''}, ${saved.hashType} ${saved.hashValue} matched.\n`);
      return 0;
    } finally {
      await instance.getDriver().close();
    }
  });
}

function methodOf(text: string): Method {
  const method = text.toLowerCase();
  if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got \`${text}\``);
  return method as Method;
}

/** A dotted name walks properties (each segment normalised as in code); a name with `/` is a path for chain(). */
function nodeOf(instance: BuilderChainable, endpoint: string): BuilderChainable {
  if (endpoint.includes('/')) return instance.chain(endpoint);
  return endpoint
    .split('.')
    .filter(Boolean)
    .reduce((node, segment) => node[segment]!, instance);
}

/** The verb's options from the remaining flags: template variables, nested query/headers, json, body, timeout. */
function verbOptions(args: ParsedArgs, variables: readonly string[], io: CommandIo): VerbOptions {
  const options: Record<string, unknown> = {};
  for (const [name, value] of args.options) {
    if (CONTROL.has(name)) continue;
    const [head, ...rest] = name.split('.') as [string, ...string[]];
    const known = variables.includes(name) || (OPTION_NAMES.has(head) && (rest.length === 0 || NESTABLE.has(head)));
    if (!known) {
      throw new UsageError(`unknown option \`--${name}\`: not a variable of the endpoint (${variables.join(', ') || 'none'}) nor a request option`);
    }
    if (value === true) throw new UsageError(`option \`--${name}\` needs a value`);
    if (rest.length === 0) options[name] = topLevelValue(name, value);
    else setNested(options, head, rest, value);
  }
  if (args.options.has('debug')) options.debug = (line: string) => io.stderr(`${line}\n`);
  return options;
}

function topLevelValue(name: string, value: string): unknown {
  if (name === 'json') {
    try {
      return JSON.parse(value);
    } catch (error) {
      throw new UsageError(`--json is not JSON: ${(error as Error).message}`);
    }
  }
  if (NUMERIC.has(name)) {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new UsageError(`--${name} must be a number of ${name === 'delay' ? 'milliseconds' : 'seconds'}, got \`${value}\``);
    return number;
  }
  if (name === 'security') return value === 'true' || value === '1';
  // `--verify false`, `--http_errors false`: the words mean the booleans; any other `--verify` is a CA file.
  if (BOOLEAN_WORDS.has(name) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Flags whose value is a number: seconds for the timeouts, milliseconds for `delay`, as in Guzzle. */
const NUMERIC = new Set(['timeout', 'connect_timeout', 'read_timeout', 'delay']);
const BOOLEAN_WORDS = new Set(['verify', 'http_errors', 'allow_redirects']);

function setNested(options: Record<string, unknown>, head: string, path: readonly string[], value: string): void {
  let node = options[head];
  if (typeof node === 'string') throw new UsageError(`--${head} was given as text; it cannot also take --${head}.${path.join('.')}`);
  node ??= options[head] = {};
  let cursor = node as Record<string, unknown>;
  path.slice(0, -1).forEach((key) => {
    const next = (cursor[key] ??= {});
    if (typeof next !== 'object') throw new UsageError(`--${head}.${path.join('.')} conflicts with another option`);
    cursor = next as Record<string, unknown>;
  });
  cursor[path[path.length - 1]!] = value;
}

/** Status line, headers, blank line, then the body: pretty JSON when it is JSON. */
export function render(response: Response): string {
  const headers = Object.entries(response.getHeaders()).flatMap(([name, values]) => values.map((value) => `${name}: ${value}`));
  const text = response.text();
  let body = text;
  try {
    body = text === '' ? '' : JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: print as received
  }
  return `HTTP ${response.status} ${response.reasonPhrase}\n${headers.join('\n')}\n\n${body}${body.endsWith('\n') || body === '' ? '' : '\n'}`;
}
