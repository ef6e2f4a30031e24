/**
 * The sandbox console at `/sandbox/console`: hand-written pages served from the package (nothing is
 * loaded from elsewhere), live exchanges over server-sent events, and the JSON API the pages call.
 * Every request to `/sandbox/…` passes the guard first (loopback Host; no cross-site changes); the
 * console's own API also needs this run's token, which only the console page carries.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { IncomingCall } from '../incoming-call';
import type { Reply } from '../reply';
import { answerConsoleApi, ConsoleError, type ConsoleDeps } from './actions';
import { ExchangeLog, summaryOf, type ExchangeInput } from './exchange-log';
import { refusalOf, tokenMatches } from './guard';
import { CASHIER_PATH, CONSOLE_PATH } from './paths';

export { CONSOLE_PATH };
const API_PATH = `${CONSOLE_PATH}/api`;
export const TOKEN_HEADER = 'x-sandbox-console-token';

/** The page may load only what the sandbox serves, and no other site may frame it (clickjacking). */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const STATIC_TYPES: Readonly<Record<string, string>> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'cashier.js': 'text/javascript; charset=utf-8',
  'shared.js': 'text/javascript; charset=utf-8',
};

const PAGES = { '': 'console.html', '/': 'console.html', [CASHIER_PATH.slice(CONSOLE_PATH.length)]: 'cashier.html' } as const;

export type ConsoleTopic = 'state' | 'notifications' | 'keys';

export class SandboxConsole {
  /** Per run: a page from another run (or another site) holds no valid token. */
  readonly token = randomBytes(24).toString('base64url');
  readonly exchanges = new ExchangeLog();
  readonly #streams = new Set<ServerResponse>();
  readonly #files = new Map<string, Buffer>();

  constructor(
    private readonly deps: ConsoleDeps,
    private readonly bindHost: string,
  ) {}

  /** 403 for a hook call the guard refuses; `undefined` lets it through. */
  refuseHook(call: IncomingCall): Reply | undefined {
    const refusal = refusalOf(call.method, call.headers, { bindHost: this.bindHost });
    return refusal === undefined ? undefined : { status: 403, json: { code: 'FORBIDDEN', message: refusal }, signed: false };
  }

  /** Answers `/sandbox/console…` itself (pages, events, API); `false` for every other path. */
  intercept(call: IncomingCall, response: ServerResponse): boolean {
    const queryAt = call.target.indexOf('?');
    const path = queryAt === -1 ? call.target : call.target.slice(0, queryAt);
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
    const query = new URLSearchParams(queryAt === -1 ? '' : call.target.slice(queryAt + 1));
    const refusal = refusalOf(call.method, call.headers, { bindHost: this.bindHost });
    if (refusal !== undefined) return sendJson(response, 403, { code: 'FORBIDDEN', message: refusal });

    const rest = path.slice(CONSOLE_PATH.length);
    if (call.method === 'GET' && rest in PAGES) return this.#page(response, PAGES[rest as keyof typeof PAGES]);
    if (call.method === 'GET' && rest.startsWith('/static/')) return this.#static(response, rest.slice('/static/'.length));

    const presented = header(call, TOKEN_HEADER) ?? query.get('token') ?? undefined;
    if (!tokenMatches(presented, this.token)) {
      return sendJson(response, 403, { code: 'FORBIDDEN', message: 'The console token is missing or wrong: console actions come from the console page of this run only.' });
    }
    if (call.method === 'GET' && rest === '/events') return this.#subscribe(response);
    if (!path.startsWith(`${API_PATH}/`)) return sendJson(response, 404, { code: 'NOT_FOUND', message: `No console page ${path}.` });
    return this.#api(call, path.slice(API_PATH.length), response);
  }

  /** Keeps an exchange for the page and tells open pages about it. */
  record(input: ExchangeInput): void {
    const exchange = this.exchanges.add(input);
    this.publish('exchange', summaryOf(exchange));
    this.publish('changed', { topic: 'state' });
  }

  changed(topic: ConsoleTopic): void {
    this.publish('changed', { topic });
  }

  publish(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of this.#streams) stream.write(frame);
  }

  close(): void {
    for (const stream of this.#streams) stream.end();
    this.#streams.clear();
  }

  #api(call: IncomingCall, path: string, response: ServerResponse): true {
    try {
      const body = call.body.length === 0 ? {} : JSON.parse(call.body.toString('utf8'));
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ConsoleError(400, 'The body must be a JSON object.');
      const answer = answerConsoleApi({ method: call.method, path, body }, this.deps, this.exchanges);
      if ('download' in answer) {
        response.writeHead(200, {
          ...PAGE_HEADERS,
          'Content-Type': answer.download.name.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/x-pem-file',
          'Content-Disposition': `attachment; filename="${answer.download.name}"`,
        });
        response.end(answer.download.text);
        return true;
      }
      if (call.method !== 'GET') {
        this.changed('state');
        this.changed('notifications');
        this.changed('keys');
      }
      return sendJson(response, answer.status, answer.json);
    } catch (error) {
      const status = error instanceof ConsoleError ? error.status : error instanceof SyntaxError ? 400 : 500;
      return sendJson(response, status, { code: status === 500 ? 'SYSTEM_ERROR' : 'REFUSED', message: (error as Error).message });
    }
  }

  #subscribe(response: ServerResponse): true {
    response.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    response.write('retry: 1000\n\n');
    this.#streams.add(response);
    response.on('close', () => this.#streams.delete(response));
    return true;
  }

  #page(response: ServerResponse, name: string): true {
    const html = this.#file(name).toString('utf8').replaceAll('{{TOKEN}}', this.token);
    response.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
    return true;
  }

  #static(response: ServerResponse, name: string): true {
    const type = STATIC_TYPES[name];
    if (type === undefined) return sendJson(response, 404, { code: 'NOT_FOUND', message: `No console file ${name}.` });
    response.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': type });
    response.end(this.#file(name));
    return true;
  }

  /** Read once, from beside this file (in the sources and in `dist/` alike). */
  #file(name: string): Buffer {
    let bytes = this.#files.get(name);
    if (!bytes) this.#files.set(name, (bytes = readFileSync(join(__dirname, 'static', name))));
    return bytes;
  }
}

function header(call: IncomingCall, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(response: ServerResponse, status: number, json: unknown): true {
  response.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(json));
  return true;
}
